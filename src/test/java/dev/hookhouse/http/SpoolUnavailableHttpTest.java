package dev.hookhouse.http;

import static dev.hookhouse.http.Http.errorBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the spool cannot make a request durable the answer is 503 with Retry-After, never a
 * 200. Tests run as root, where file permissions stop nothing, so the failure is made real by
 * putting a plain file where the spool must create its segment.
 */
class SpoolUnavailableHttpTest {

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
    void unwritableSpoolAnswers503WithRetryAfterAndRecoversWhenTheDiskIsBack()
            throws Exception {
        server = RunningServer.start(spoolDir,
                Map.of("hookhouse.spool.retry-after-seconds", "7"));
        Path incoming = new SpoolLayout(spoolDir).incoming();
        Files.delete(incoming);
        Files.writeString(incoming, "not a directory");

        HttpResponse<String> refused = Http.post(server.ingestUri(), "{\"first\":1}");

        Files.delete(incoming);
        Files.createDirectory(incoming);
        HttpResponse<String> accepted = Http.post(server.ingestUri(), "{\"second\":2}");
        List<SpoolRecord> records = server.closeAndReadRecords();

        assertEquals(503, refused.statusCode());
        assertEquals(errorBody("SPOOL_UNAVAILABLE"), refused.body());
        assertEquals("7", refused.headers().firstValue("Retry-After").orElse(null));
        assertEquals(200, accepted.statusCode());
        assertEquals(1, records.size());
        assertEquals("{\"second\":2}", records.get(0).body());
    }

    @Test
    void closedSpoolAnswers503() throws Exception {
        server = RunningServer.start(spoolDir);
        server.server().spool().close();

        HttpResponse<String> response = Http.post(server.ingestUri(), "{}");

        assertEquals(503, response.statusCode());
        assertEquals(errorBody("SPOOL_UNAVAILABLE"), response.body());
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
    }
}
