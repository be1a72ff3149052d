package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.testing.SpoolContents;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop while a sender is halfway through its body: readiness turns false, a new
 * request is refused with 503 SHUTTING_DOWN, the admitted one finishes with a 200, and its
 * record is in a sealed segment once the stop returns.
 */
class DrainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aStopFinishesTheAdmittedRequestAndRefusesNewOnes() throws Exception {
        OpsServer server = OpsServer.start(OpsServer.config(dir, Map.of()), Clock.systemUTC());
        CompletableFuture<Boolean> stopped;
        String body = "{\"slow\":true}";
        try (Socket slow = new Socket("127.0.0.1", server.server().httpPort())) {
            slow.setSoTimeout(30_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /?" + server.query() + " HTTP/1.1\r\nHost: hookhouse\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body.substring(0, 5)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            OpsServer.await(() -> inFlight(server) == 1, Duration.ofSeconds(10),
                    "the slow request being admitted");

            stopped = CompletableFuture.supplyAsync(() -> server.server().stop());
            OpsServer.await(() -> readyStatus(server) == 503, Duration.ofSeconds(10),
                    "readiness turning false");
            HttpResponse<String> ready = server.get("/observe/health/ready");
            assertTrue(ready.body().contains(AcceptingReadiness.ID), ready.body());

            HttpResponse<String> refused = server.post("{\"late\":true}");
            assertEquals(503, refused.statusCode());
            assertEquals("{\"success\": false, \"error\": \"SHUTTING_DOWN\"}", refused.body());
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
            assertEquals(1, server.scrape().value("hookhouse_http_requests_total",
                    "status", "503", "code", "SHUTTING_DOWN"));
            assertTrue(!stopped.isDone(), "the stop waits for the admitted request");

            out.write(body.substring(5).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = readAnswer(slow.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            String requestId = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n")))
                    .path("data").path("__kdd_request_id").asText();

            assertTrue(stopped.get(60, TimeUnit.SECONDS), "stopped cleanly");
            List<SpoolRecord> stored = SpoolContents.sealedAndArchived(dir.resolve("spool"));
            assertEquals(1, stored.stream()
                    .filter(record -> record.requestId().equals(requestId)).count());
            assertEquals(body, stored.stream()
                    .filter(record -> record.requestId().equals(requestId))
                    .findFirst().orElseThrow().body());
            assertTrue(SpoolLayout.list(new SpoolLayout(dir.resolve("spool")).incoming(),
                    SpoolLayout.OPEN).isEmpty(), "the open segment was sealed");
        } finally {
            server.close();
        }
    }

    private static double inFlight(OpsServer server) {
        try {
            return server.scrape().value("hookhouse_http_requests_in_flight");
        } catch (Exception notYet) {
            return -1;
        }
    }

    private static int readyStatus(OpsServer server) {
        try {
            return server.get("/observe/health/ready").statusCode();
        } catch (Exception notAnswering) {
            return -1;
        }
    }

    /** Reads one response with a Content-Length: head and body. */
    private static String readAnswer(InputStream in) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            received.write(b);
            String text = received.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                int length = contentLength(text.substring(0, headEnd));
                if (received.size() >= headEnd + 4 + length) {
                    return text;
                }
            }
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }
}
