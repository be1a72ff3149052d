package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.LoadGenerator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a server in its own JVM while senders post with valid credentials and the loader
 * loads into the embedded DuckDB file, then a restart at default settings: every request id
 * that was answered 200 ends up in the warehouse exactly once.
 */
class CrashUnderLoadEndToEndTest {

    private static final int SENDERS = 16;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 500;
    private static final int LOADED_SEGMENTS_BEFORE_KILL = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRequestIsInTheWarehouseExactlyOnceAfterSigkill() throws Exception {
        Installation installation = Installation.in(dir);
        Registry registry = installation.registry(Clock.systemUTC());
        CreatedToken token = registry.createToken("load");
        PipelineEntry pipeline = registry.createPipeline("Crash test", null);
        Map<String, String> environment = installation.environment(ChildServer.freePort(),
                ChildServer.freePort());
        int port = Integer.parseInt(environment.get("HOOKHOUSE_HTTP_PORT"));
        URI url = Webhook.url(port, pipeline.id(), token.entry().key(), token.token());
        Path log = dir.resolve("server.log");

        Set<String> acknowledged;
        try (ChildServer server = ChildServer.start(environment, log, START_TIMEOUT);
                LoadGenerator load = new LoadGenerator(url, SENDERS, Duration.ofMinutes(2))) {
            load.start();
            Poll.until("load and loading under way", Duration.ofSeconds(60), 100,
                    () -> load.acknowledgedIds().size() >= ACKNOWLEDGED_BEFORE_KILL
                            && loadedSegments(installation) >= LOADED_SEGMENTS_BEFORE_KILL,
                    () -> load.acknowledgedIds().size() + " acknowledged, "
                            + loadedSegments(installation) + " segments loaded");
            server.killHard();
            load.close();
            acknowledged = Set.copyOf(load.acknowledgedIds());
        }

        StoredRows warehouse = StoredRows.besideServer(installation.config());
        try (ChildServer restarted = ChildServer.start(environment, log, START_TIMEOUT)) {
            // Reads only while nothing waits, so the reader rarely makes the loader retry.
            Poll.until("every acknowledged id in the warehouse", DRAIN_TIMEOUT, 500,
                    () -> installation.nothingWaitsForTheLoader() && warehouse
                            .countById(pipeline.table()).keySet().containsAll(acknowledged),
                    () -> missing(acknowledged, warehouse.countById(pipeline.table())).size()
                            + " of " + acknowledged.size() + " still missing; server log:\n"
                            + ChildServer.tail(log));
            assertEquals(0, restarted.stopGracefully(Duration.ofSeconds(30)), "clean stop");
        }

        Map<String, Long> counts = warehouse.countById(pipeline.table());
        assertEquals(List.of(), missing(acknowledged, counts), "acknowledged but not loaded");
        List<String> duplicated = counts.entrySet().stream().filter(id -> id.getValue() != 1)
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), duplicated, "request ids stored more than once");
        assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "load ran: "
                + acknowledged.size());
    }

    private static int loadedSegments(Installation installation) throws Exception {
        SpoolLayout layout = new SpoolLayout(installation.spoolDir());
        return SpoolLayout.list(layout.archive(), SpoolLayout.LOADED).size();
    }

    private static List<String> missing(Set<String> acknowledged, Map<String, Long> counts) {
        return acknowledged.stream().filter(id -> !counts.containsKey(id)).sorted().toList();
    }
}
