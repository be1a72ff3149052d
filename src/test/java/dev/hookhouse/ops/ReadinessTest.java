package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.ConfigException;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.loader.LoaderStats;
import dev.hookhouse.registry.PostgresTestDatabase;
import dev.hookhouse.server.HookhouseServer;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.TestClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness and readiness on the management port, driven by real failures: a spool write that
 * fails, a spool directory that cannot take a file, a warehouse that is not there.
 */
class ReadinessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void liveAndReadyAnswerUpOnTheManagementPortOnly() throws Exception {
        try (OpsServer server = OpsServer.start(OpsServer.config(dir, Map.of()),
                Clock.systemUTC())) {
            assertEquals(200, server.get("/observe/health/live").statusCode());
            HttpResponse<String> ready = server.get("/observe/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("UP", JSON.readTree(ready.body()).path("status").asText());

            HttpResponse<String> full = server.get("/observe/health?exposureLevel=full");
            assertEquals(200, full.statusCode());
            assertTrue(full.body().contains(SpoolReadiness.ID), full.body());
            assertTrue(full.body().contains(LoaderReadiness.ID), full.body());
            assertTrue(full.body().contains(AcceptingReadiness.ID), full.body());

            URI onWebhookPort = URI.create("http://127.0.0.1:" + server.server().httpPort()
                    + "/observe/health");
            HttpResponse<String> webhook = OpsServer.post(onWebhookPort, "{}");
            assertEquals(404, webhook.statusCode(), "health is not served to senders");
        }
    }

    @Test
    void aFailedSpoolWriteTakesReadinessDownUntilTheWindowPassesAndWritesWork()
            throws Exception {
        TestClock clock = new TestClock(Instant.now());
        try (OpsServer server = OpsServer.start(OpsServer.config(dir, Map.of()), clock)) {
            assertEquals(200, server.post("{\"before\":1}").statusCode());
            sealAndLoad(server, clock, 1);

            // With incoming/ gone, the writer cannot create its next segment: a real failure.
            Path incoming = new SpoolLayout(dir.resolve("spool")).incoming();
            Files.delete(incoming);
            HttpResponse<String> refused = server.post("{\"during\":1}");
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("SPOOL_UNAVAILABLE"), refused.body());
            Files.createDirectory(incoming);

            HttpResponse<String> ready = server.get("/observe/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals(SpoolReadiness.ID, downCheck(ready));
            assertTrue(ready.body().contains("the last spool write failed"), ready.body());
            assertEquals(200, server.get("/observe/health/live").statusCode());

            clock.advance(Duration.ofMillis(SpoolReadiness.RECENT_FAILURE_MILLIS + 1000));
            assertEquals(200, server.get("/observe/health/ready").statusCode());
            assertEquals(200, server.post("{\"after\":1}").statusCode());
        }
    }

    @Test
    void aSpoolDirectoryThatCannotTakeAFileTakesReadinessDown() throws Exception {
        try (OpsServer server = OpsServer.start(OpsServer.config(dir, Map.of()),
                Clock.systemUTC())) {
            // Tests run as root, whom permissions do not stop; a directory in the probe's
            // place makes the write fail for anyone.
            Path probe = new SpoolLayout(dir.resolve("spool")).incoming()
                    .resolve(SpoolReadiness.PROBE_FILE);
            Files.createDirectory(probe);
            Files.writeString(probe.resolve("occupied"), "x");

            HttpResponse<String> ready = server.get("/observe/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals(SpoolReadiness.ID, downCheck(ready));
            assertTrue(ready.body().contains("cannot write a probe file"), ready.body());
            assertEquals(200, server.get("/observe/health/live").statusCode());

            Files.delete(probe.resolve("occupied"));
            Files.delete(probe);
            assertEquals(200, server.get("/observe/health/ready").statusCode());
        }
    }

    @Test
    void aLoaderFailingLongerThanTheLimitTakesReadinessDownUntilItLoads() throws Exception {
        String missing = "hh_ops_missing_" + Long.toHexString(System.nanoTime());
        TestClock clock = new TestClock(Instant.now());
        HookhouseConfig config = OpsServer.config(dir, Map.of(
                HookhouseConfig.WAREHOUSE_URL.key(), PostgresTestDatabase.SERVER_URL + missing,
                HookhouseConfig.WAREHOUSE_USER.key(), PostgresTestDatabase.USER,
                HookhouseConfig.HEALTH_LOADER_FAILING_MS.key(), "60000",
                HookhouseConfig.LOADER_MAX_BACKOFF_MS.key(), "1000"));

        try (OpsServer server = OpsServer.start(config, clock)) {
            assertEquals(200, server.post("{\"waits\":1}").statusCode());
            clock.advance(Duration.ofSeconds(1));
            LoaderStats loader = server.server().loader().loader().stats();
            OpsServer.await(() -> loader.consecutiveFailures() > 0, Duration.ofSeconds(30),
                    "a failed load");

            clock.advance(Duration.ofSeconds(30));
            assertEquals(200, server.get("/observe/health/ready").statusCode(),
                    "30 s of failure is within the limit");
            clock.advance(Duration.ofSeconds(31));
            HttpResponse<String> ready = server.get("/observe/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals(LoaderReadiness.ID, downCheck(ready));
            assertEquals(200, server.get("/observe/health/live").statusCode());
            Scrape down = server.scrape();
            assertEquals(1, down.value("hookhouse_spool_backlog_segments"));
            assertTrue(down.value("hookhouse_spool_backlog_bytes") > 0);
            assertEquals(62, down.value("hookhouse_spool_oldest_unloaded_age_seconds"), 1.0);
            assertTrue(down.value("hookhouse_loader_failed_runs_total") >= 1);

            createDatabase(missing);
            try {
                OpsServer.await(() -> {
                    clock.advance(Duration.ofMillis(200));
                    return loader.rowsLoaded() == 1;
                }, Duration.ofSeconds(30), "loading once the database exists");
                assertEquals(200, server.get("/observe/health/ready").statusCode());
            } finally {
                server.close();
                dropDatabase(missing);
            }
        }
    }

    @Test
    void aManagementPortEqualToTheWebhookPortIsRefused() throws Exception {
        String port = Integer.toString(ChildServer.freePort());
        HookhouseConfig config = OpsServer.config(dir, Map.of(
                HookhouseConfig.HTTP_PORT.key(), port,
                HookhouseConfig.MANAGEMENT_PORT.key(), port));

        ConfigException refused = assertThrows(ConfigException.class,
                () -> HookhouseServer.start(config, Clock.systemUTC()));
        assertTrue(refused.getMessage().contains(HookhouseConfig.MANAGEMENT_PORT.key()),
                refused.getMessage());
    }

    private static void sealAndLoad(OpsServer server, TestClock clock, long rows)
            throws InterruptedException {
        LoaderStats loader = server.server().loader().loader().stats();
        OpsServer.await(() -> {
            clock.advance(Duration.ofMillis(100));
            return loader.rowsLoaded() == rows;
        }, Duration.ofSeconds(30), "loading " + rows + " rows");
    }

    /** The name of the one DOWN check in a readiness answer. */
    private static String downCheck(HttpResponse<String> ready) throws Exception {
        JsonNode checks = JSON.readTree(ready.body()).path("checks");
        assertEquals(1, checks.size(), ready.body());
        assertEquals("DOWN", checks.get(0).path("status").asText(), ready.body());
        return checks.get(0).path("name").asText();
    }

    private static void createDatabase(String name) throws Exception {
        adminExecute("CREATE DATABASE " + name);
    }

    private static void dropDatabase(String name) throws Exception {
        adminExecute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void adminExecute(String sql) throws Exception {
        try (Connection admin = DriverManager.getConnection(
                PostgresTestDatabase.SERVER_URL + "postgres", PostgresTestDatabase.USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
