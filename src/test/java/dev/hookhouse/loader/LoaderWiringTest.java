package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.server.HookhouseServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server starts the loader on its Quartz route: spooled records reach DuckDB alone. */
class LoaderWiringTest {

    @TempDir
    Path temp;

    @Test
    void spooledRecordsReachTheDefaultWarehouseWhileTheServerRuns() throws Exception {
        TestRegistry registry = new TestRegistry();
        TestRegistry.Credentials sender = registry.createToken("sender");
        registry.createPipeline(835212, "webhooks");
        HookhouseConfig config = HookhouseConfig.of(Map.of(
                "hookhouse.http.port", "0",
                "hookhouse.management.port", "0",
                "hookhouse.http.host", "127.0.0.1",
                "hookhouse.spool.dir", temp.resolve("spool").toString(),
                "hookhouse.data.dir", temp.resolve("data").toString(),
                "hookhouse.spool.seal-after-ms", "50",
                "hookhouse.loader.interval-ms", "100"));

        try (HookhouseServer server = HookhouseServer.start(config, Clock.systemUTC(),
                registry)) {
            for (int i = 0; i < 20; i++) {
                server.spool().append(SpoolFixture.record(i, 835212, sender.key(),
                        sender.token(), "{\"i\":" + i + "}"));
            }
            LoaderStats stats = server.loader().loader().stats();
            waitUntil(() -> stats.rowsLoaded() == 20, 30_000);
        }

        try (Connection connection = DriverManager.getConnection(config.warehouseUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(DISTINCT"
                        + " __kdd_request_id) FROM webhooks")) {
            rows.next();
            assertEquals(20, rows.getLong(1));
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not done within " + timeoutMillis + " ms");
            Thread.sleep(20);
        }
    }
}
