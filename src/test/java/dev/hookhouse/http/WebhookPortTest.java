package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook port is really listening once the server says it started. */
class WebhookPortTest {

    @TempDir
    Path spoolDir;

    @Test
    void startFailsWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> samePort = Map.of("hookhouse.http.port",
                    Integer.toString(taken.getLocalPort()));

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> RunningServer.start(spoolDir, samePort));

            assertTrue(refused.getMessage().contains(":" + taken.getLocalPort()),
                    refused.getMessage());
        }
    }

    @Test
    void portZeroReportsThePortTheSystemChose() throws Exception {
        try (RunningServer server = RunningServer.start(spoolDir)) {
            assertTrue(server.port() > 0);
            assertEquals(200, Http.send(server.uri("/"), "HEAD", null).statusCode());
        }
    }
}
