package dev.hookhouse.http;

import static dev.hookhouse.http.Http.errorBody;
import static dev.hookhouse.http.RawHttp.postHead;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookhouse.spool.SpoolRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hookhouse.http.max-buffered-bytes bounds the bodies held in memory at once: a body that would
 * pass it is refused with 503 SPOOL_UNAVAILABLE and Retry-After, and what a body held is given
 * back once it is spooled or refused, so the same request then goes through.
 */
class BodyBudgetHttpTest {

    private static final String TARGET = "/?" + RunningServer.VALID_QUERY;
    private static final int BUDGET_BYTES = 1024 * 1024;

    @TempDir
    Path spoolDir;

    private RunningServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBodyPastTheBudgetIsRefusedUntilTheBodiesHoldingItAreSpooled() throws Exception {
        server = RunningServer.start(spoolDir, Map.of(
                "hookhouse.http.max-body-bytes", Integer.toString(4 * BUDGET_BYTES),
                "hookhouse.http.max-buffered-bytes", Integer.toString(BUDGET_BYTES)));
        String held = jsonOfBytes(BUDGET_BYTES * 3 / 4);
        String second = jsonOfBytes(BUDGET_BYTES / 2);

        try (RawHttp holder = new RawHttp(server.port())) {
            // Three quarters of the budget arrive; the last byte of the body is kept back.
            holder.send(postHead(TARGET, "Content-Type: application/json",
                    "Content-Length: " + held.length()));
            holder.send(held.substring(0, held.length() - 1));
            waitUntilHeld(BUDGET_BYTES / 2);

            RawHttp.Response refused = post(second);
            assertEquals(503, refused.status());
            assertEquals(errorBody("SPOOL_UNAVAILABLE"), refused.body());
            assertEquals("5", refused.header("Retry-After"));

            holder.send(held.substring(held.length() - 1));
            assertEquals(200, holder.readResponse().status());
        }

        assertEquals(200, post(second).status());
        List<SpoolRecord> records = server.closeAndReadRecords();
        assertEquals(List.of(held, second), records.stream().map(SpoolRecord::body).toList());
    }

    private RawHttp.Response post(String body) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send(postHead(TARGET, "Content-Type: application/json",
                    "Content-Length: " + body.length()) + body);
            return http.readResponse();
        }
    }

    /** The server has read at least this much of the held body: it arrives in chunks. */
    private void waitUntilHeld(long bytes) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.bytesHeldInMemory() < bytes && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(true, server.bytesHeldInMemory() >= bytes, "bytes held by the server");
    }

    private static String jsonOfBytes(int bytes) {
        return "\"" + "x".repeat(bytes - 2) + "\"";
    }
}
