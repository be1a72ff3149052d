package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.LoadGenerator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while sixteen senders post: the process exits 0 well within systemd's stop timeout
 * (TimeoutStopSec=90), no segment is left open, every request that got a 200 ends up in the
 * warehouse exactly once, and every other answer was a 503 that tells the sender to retry.
 */
class SigtermUnderLoadTest {

    /** systemd/hookhouse.service: TimeoutStopSec=90. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void sigtermUnderLoadExitsZeroAndEveryAcknowledgedRequestIsLoaded() throws Exception {
        Map<String, String> environment = environment();
        HookhouseConfig config = HookhouseConfig.load(null, environment);
        Registry registry = Registry.open(config, Clock.systemUTC());
        CreatedToken token = registry.createToken("load");
        PipelineEntry pipeline = registry.createPipeline("Under load", null);
        URI webhook = URI.create("http://127.0.0.1:" + environment.get("HOOKHOUSE_HTTP_PORT")
                + "/?pipeline_id=" + pipeline.id() + "&key=" + token.entry().key()
                + "&token=" + token.token());
        Path log = dir.resolve("server.log");

        Set<String> acknowledged;
        Map<String, Long> refusals;
        long stopMillis;
        try (ChildServer server = ChildServer.start(environment, log, Duration.ofSeconds(60));
                LoadGenerator load = new LoadGenerator(webhook, 16, Duration.ofSeconds(60))) {
            load.start();
            OpsServer.await(() -> load.acknowledgedIds().size() >= 300, Duration.ofSeconds(30),
                    "300 acknowledged requests");

            long signalled = System.nanoTime();
            int exitCode = server.stopGracefully(STOP_TIMEOUT);
            stopMillis = (System.nanoTime() - signalled) / 1_000_000;
            assertEquals(0, exitCode, "exit code (-1: still running after " + STOP_TIMEOUT
                    + ")");
            load.close();
            acknowledged = Set.copyOf(load.acknowledgedIds());
            refusals = load.nonOkByAnswer();
        }

        SpoolLayout layout = new SpoolLayout(dir.resolve("spool"));
        assertTrue(SpoolLayout.list(layout.incoming(), SpoolLayout.OPEN).isEmpty(),
                "the open segment was sealed");
        assertTrue(stopMillis < STOP_TIMEOUT.toMillis(), "stopped in " + stopMillis + " ms");
        for (String answer : refusals.keySet()) {
            assertTrue(answer.startsWith("503 {\"success\": false, \"error\": \"SHUTTING_DOWN\"}")
                    || answer.startsWith("503 {\"success\": false, \"error\": "
                            + "\"SPOOL_UNAVAILABLE\"}"), "answered " + answer);
        }

        drainWithARestart(environment, log);
        List<String> errors = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" ERROR ")).toList();
        assertEquals(List.of(), errors, "errors in the server's log");
        Set<String> loaded = loadedIds(config, pipeline);
        List<String> missing = acknowledged.stream().filter(id -> !loaded.contains(id)).toList();
        assertEquals(List.of(), missing, "acknowledged but not in the warehouse");
        System.out.println("SIGTERM under load: " + acknowledged.size() + " acknowledged, "
                + loaded.size() + " rows, stopped in " + stopMillis + " ms, refusals "
                + refusals);
    }

    @Test
    void sigtermAsSoonAsTheWebhookPortOpensWaitsForTheStartAndExitsZero() throws Exception {
        Path log = dir.resolve("server.log");
        // ChildServer returns once the webhook port accepts, before the start has finished.
        try (ChildServer server = ChildServer.start(environment(), log,
                Duration.ofSeconds(60))) {
            assertEquals(0, server.stopGracefully(STOP_TIMEOUT));
        }

        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.stream().anyMatch(line -> line.contains("hookhouse: stopped")),
                String.join("\n", lines));
        assertEquals(List.of(), lines.stream().filter(line -> line.contains(" ERROR "))
                .toList());
    }

    /** Starts the server again and stops it once the loader has emptied incoming/. */
    private void drainWithARestart(Map<String, String> environment, Path log)
            throws Exception {
        SpoolLayout layout = new SpoolLayout(dir.resolve("spool"));
        try (ChildServer restarted = ChildServer.start(environment, log,
                Duration.ofSeconds(60))) {
            OpsServer.await(() -> {
                try {
                    return layout.sealedSegments().isEmpty();
                } catch (java.io.IOException unreadable) {
                    throw new java.io.UncheckedIOException(unreadable);
                }
            }, Duration.ofSeconds(60), "the loader emptying incoming/");
            assertEquals(0, restarted.stopGracefully(STOP_TIMEOUT));
        }
    }

    private static Set<String> loadedIds(HookhouseConfig config, PipelineEntry pipeline)
            throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(config.warehouseUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT __kdd_request_id FROM "
                        + pipeline.table())) {
            while (rows.next()) {
                assertTrue(ids.add(rows.getString(1)), "a row twice: " + rows.getString(1));
            }
        }
        return ids;
    }

    private Map<String, String> environment() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOOKHOUSE_HTTP_HOST", "127.0.0.1");
        environment.put("HOOKHOUSE_HTTP_PORT", Integer.toString(ChildServer.freePort()));
        environment.put("HOOKHOUSE_MANAGEMENT_PORT", Integer.toString(ChildServer.freePort()));
        environment.put("HOOKHOUSE_SPOOL_DIR", dir.resolve("spool").toString());
        environment.put("HOOKHOUSE_DATA_DIR", dir.resolve("data").toString());
        environment.put("HOOKHOUSE_LOADER_INTERVAL_MS", "200");
        return environment;
    }
}
