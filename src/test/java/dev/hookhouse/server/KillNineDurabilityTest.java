package dev.hookhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.LoadGenerator;
import dev.hookhouse.testing.SpoolContents;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise under the harshest stop there is: SIGKILL while senders are posting.
 * After a restart, every request id that got a 200 is in a sealed segment exactly once.
 */
class KillNineDurabilityTest {

    private static final String QUERY = "?pipeline_id=835212"
            + "&key=2b7c1f5e-8d7a-4c3e-9b1a-5f6e7d8c9b0a&token=killninetoken0123456789";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRequestSurvivesSigkillExactlyOnce() throws Exception {
        Map<String, String> environment = environment();
        Path log = dir.resolve("server.log");
        URI url = URI.create("http://127.0.0.1:" + environment.get("HOOKHOUSE_HTTP_PORT")
                + "/" + QUERY);

        Set<String> acknowledged;
        try (ChildServer server = ChildServer.start(environment, log, Duration.ofSeconds(60));
                LoadGenerator load = new LoadGenerator(url, 16, Duration.ofSeconds(30))) {
            load.start();
            awaitAcknowledged(load, 300);
            server.killHard();
            load.close();
            acknowledged = Set.copyOf(load.acknowledgedIds());
        }

        try (ChildServer restarted = ChildServer.start(environment, log,
                Duration.ofSeconds(60))) {
            int exitCode = restarted.stopGracefully(Duration.ofSeconds(60));
            assertEquals(0, exitCode, () -> "graceful stop after recovery; log:\n"
                    + ChildServer.tail(log));
        }

        Path spool = Path.of(environment.get("HOOKHOUSE_SPOOL_DIR"));
        assertTrue(SpoolLayout.list(new SpoolLayout(spool).incoming(), SpoolLayout.OPEN)
                .isEmpty(), "recovery and stop leave no open segment");

        Map<String, Integer> counts = SpoolContents.countById(
                SpoolContents.sealedAndArchived(spool));
        List<String> missing = acknowledged.stream().filter(id -> !counts.containsKey(id))
                .toList();
        List<String> duplicated = acknowledged.stream().filter(id -> counts.get(id) != null
                && counts.get(id) > 1).toList();

        assertTrue(acknowledged.size() >= 300, "load ran: " + acknowledged.size());
        assertEquals(List.of(), missing, "acknowledged but not in a sealed segment");
        assertEquals(List.of(), duplicated, "acknowledged and stored more than once");
    }

    private Map<String, String> environment() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOOKHOUSE_HTTP_PORT", Integer.toString(ChildServer.freePort()));
        environment.put("HOOKHOUSE_MANAGEMENT_PORT", Integer.toString(ChildServer.freePort()));
        environment.put("HOOKHOUSE_SPOOL_DIR", dir.resolve("spool").toString());
        environment.put("HOOKHOUSE_DATA_DIR", dir.resolve("data").toString());
        return environment;
    }

    private static void awaitAcknowledged(LoadGenerator load, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (load.acknowledgedIds().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
