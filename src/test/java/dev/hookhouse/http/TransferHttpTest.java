package dev.hookhouse.http;

import static dev.hookhouse.http.Http.errorBody;
import static dev.hookhouse.http.RawHttp.postHead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.spool.SpoolRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How bodies arrive: 100-continue, chunks, keep-alive, bodies too large or too slow, and what
 * happens to the connection after an answer given before the body was read.
 */
class TransferHttpTest {

    private static final String TARGET = "/?" + RunningServer.VALID_QUERY;
    private static final int SMALL_LIMIT = 64 * 1024;

    @TempDir
    Path spoolDir;

    /** Closed after each test even when an assertion failed first; close is idempotent. */
    private RunningServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void expectContinueIsAnsweredOnceTheChecksPassThenTheBodyIsStored() throws Exception {
        server = RunningServer.start(spoolDir);
        String body = "{\"expect\":\"continue\"}";

        try (RawHttp http = new RawHttp(server.port())) {
            http.send(postHead(TARGET, "Content-Type: application/json",
                    "Content-Length: " + body.length(), "Expect: 100-continue"));
            assertTrue(http.readHead().startsWith("HTTP/1.1 100 Continue\r\n"));

            http.send(body);
            assertEquals(200, http.readResponse().status());
        }

        List<SpoolRecord> records = server.closeAndReadRecords();
        assertEquals(body, records.get(0).body());
    }

    @Test
    void expectContinueWithBadParametersGetsTheAnswerInsteadAndTheConnectionCloses()
            throws Exception {
        server = RunningServer.start(spoolDir);
        try (RawHttp http = new RawHttp(server.port(), 5000)) {
            http.send(postHead("/?pipeline_id=1", "Content-Length: 10",
                    "Expect: 100-continue"));

            RawHttp.Response response = http.readResponse();

            assertEquals(400, response.status());
            assertEquals(errorBody("MISSING_PARAMETER: key"), response.body());
            assertEquals("close", response.header("Connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeAnyBodyIsSent() throws Exception {
        Map<String, String> smallLimit = Map.of("hookhouse.http.max-body-bytes",
                Integer.toString(SMALL_LIMIT));
        server = RunningServer.start(spoolDir, smallLimit);
        try (RawHttp http = new RawHttp(server.port(), 5000)) {
            http.send(postHead(TARGET, "Content-Length: " + (SMALL_LIMIT + 1),
                    "Expect: 100-continue"));

            RawHttp.Response response = http.readResponse();

            assertEquals(413, response.status());
            assertEquals(errorBody("BODY_TOO_LARGE"), response.body());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void chunkedBodyArrivingInPiecesIsStoredWhole() throws Exception {
        server = RunningServer.start(spoolDir);

        try (RawHttp http = new RawHttp(server.port())) {
            http.send(postHead(TARGET, "Content-Type: application/json",
                    "Transfer-Encoding: chunked"));
            for (String piece : List.of("{\"chunk", "ed\":", "[1,2,", "3]}")) {
                http.send(Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n");
                Thread.sleep(50);
            }
            http.send("0\r\n\r\n");

            assertEquals(200, http.readResponse().status());
        }

        assertEquals("{\"chunked\":[1,2,3]}", server.closeAndReadRecords().get(0).body());
    }

    @Test
    void connectionStaysOpenForTheNextRequestAfterAnAnswer() throws Exception {
        server = RunningServer.start(spoolDir);
        String request = postHead(TARGET, "Content-Length: 2") + "[]";

        try (RawHttp http = new RawHttp(server.port())) {
            http.send(request + request);
            assertEquals(200, http.readResponse().status());
            assertEquals(200, http.readResponse().status());

            http.send(postHead("/?pipeline_id=1", "Content-Length: 0"));
            assertEquals(400, http.readResponse().status());

            http.send(request);
            assertEquals(200, http.readResponse().status());
        }

        assertEquals(3, server.closeAndReadRecords().size());
    }

    @Test
    void endlessBodyIsRefusedAtTheLimitAndTheConnectionClosed() throws Exception {
        Map<String, String> smallLimit = Map.of("hookhouse.http.max-body-bytes",
                Integer.toString(SMALL_LIMIT));
        server = RunningServer.start(spoolDir, smallLimit);
        AtomicLong sent = new AtomicLong();

        try (RawHttp http = new RawHttp(server.port())) {
            http.send(postHead(TARGET, "Transfer-Encoding: chunked"));
            CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(
                    () -> sendChunksUntilRefused(http, sent));

            RawHttp.Response response = http.readResponse();
            Throwable writerStopped = writer.get(15, TimeUnit.SECONDS);

            assertEquals(413, response.status());
            assertEquals(errorBody("BODY_TOO_LARGE"), response.body());
            assertEquals("close", response.header("Connection"));
            assertTrue(writerStopped instanceof IOException, "the server kept reading");
        }

        assertEquals(List.of(), server.closeAndReadRecords());
    }

    /** Writes 8 KiB chunks until the server closes; returns what stopped the writing. */
    private static Throwable sendChunksUntilRefused(RawHttp http, AtomicLong sent) {
        byte[] chunk = ("2000\r\n" + "1".repeat(8192) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            while (sent.get() < 4L * 1024 * 1024 * 1024) {
                http.send(chunk);
                sent.addAndGet(8192);
                Thread.sleep(1);
            }
            return null;
        } catch (IOException closed) {
            return closed;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return interrupted;
        }
    }

    @Test
    void gzipBombIsRefusedWhileInflating() throws Exception {
        byte[] bomb = Compression.gzip(new byte[64 * 1024 * 1024]);
        server = RunningServer.start(spoolDir, Map.of(
                "hookhouse.http.max-body-bytes", Integer.toString(1024 * 1024)));

        var response = Http.post(server.ingestUri(), bomb, "Content-Type", "application/json",
                "Content-Encoding", "gzip");

        assertTrue(bomb.length < 100 * 1024, "the bomb is small on the wire");
        assertEquals(413, response.statusCode());
        assertEquals(errorBody("BODY_TOO_LARGE"), response.body());
        assertEquals(List.of(), server.closeAndReadRecords());
    }

    @Test
    void senderTooSlowGetsBodyTimeoutAndTheConnectionCloses() throws Exception {
        Map<String, String> shortTimeout = Map.of("hookhouse.http.body-timeout-ms", "300");
        server = RunningServer.start(spoolDir, shortTimeout);

        try (RawHttp http = new RawHttp(server.port(), 5000)) {
            http.send(postHead(TARGET, "Content-Length: 100") + "{\"slow\":");

            RawHttp.Response response = http.readResponse();

            assertEquals(408, response.status());
            assertEquals(errorBody("BODY_TIMEOUT"), response.body());
            assertTrue(http.closedByServer());
        }

        assertEquals(List.of(), server.closeAndReadRecords());
    }

    @Test
    void senderVanishingMidBodyFreesItsWorkerAtOnce() throws Exception {
        server = RunningServer.start(spoolDir);
        CamelContext camel = server.server().camel().getCamelContext();
        try (RawHttp http = new RawHttp(server.port())) {
            http.send(postHead(TARGET, "Content-Length: 1000") + "{\"half\":");
        }

        var response = Http.post(server.ingestUri(), "{\"after\":true}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (camel.getInflightRepository().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertEquals(200, response.statusCode());
        assertEquals(0, camel.getInflightRepository().size(),
                "the vanished sender's exchange waits for the 60 s body timeout");
        List<SpoolRecord> records = server.closeAndReadRecords();
        assertEquals(1, records.size());
        assertEquals("{\"after\":true}", records.get(0).body());
    }

    @Test
    void refusedBodyIsDrainedAndTheConnectionClosedOnceItEnds() throws Exception {
        server = RunningServer.start(spoolDir);
        try (RawHttp http = new RawHttp(server.port(), 1000)) {
            http.send(postHead("/?pipeline_id=1", "Content-Length: 5"));

            RawHttp.Response response = http.readResponse();
            assertEquals(400, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(http.silent(), "closed before the body ended");

            http.send("[1,2]");
            http.setReadTimeout(5000);
            assertTrue(http.closedByServer());
        }
    }
}
