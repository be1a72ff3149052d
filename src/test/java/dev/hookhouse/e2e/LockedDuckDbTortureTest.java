package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.LoadGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torture: the embedded warehouse's outage. Another process (this test) opens the DuckDB file
 * for writing and holds it while senders post, as a user's notebook or {@code duckdb} shell
 * could; DuckDB admits one writing process, so every load fails. The endpoint keeps answering
 * 200, and once the file is free the backlog loads: every acknowledged request in the table
 * exactly once, with the body that was sent.
 */
class LockedDuckDbTortureTest {

    private static final Duration HELD = TortureScale.pick(Duration.ofSeconds(20),
            Duration.ofSeconds(60));
    private static final String LOAD_FAILED = "loader: run failed";
    private static final String LOADING_AGAIN = "loader: loading again";

    private static final int SENDERS = 8;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aWarehouseFileHeldByAnotherWriterDelaysLoadsAndLosesNothing() throws Exception {
        Installation installation = Installation.in(dir);
        Registry registry = installation.registry(Clock.systemUTC());
        CreatedToken token = registry.createToken("locked");
        PipelineEntry pipeline = registry.createPipeline("Locked warehouse", null);
        Map<String, String> environment = installation.environment(ChildServer.freePort(),
                ChildServer.freePort());
        int port = Integer.parseInt(environment.get("HOOKHOUSE_HTTP_PORT"));
        URI url = Webhook.url(port, pipeline.id(), token.entry().key(), token.token());
        Path log = dir.resolve("server.log");
        StoredRows warehouse = StoredRows.besideServer(installation.config());

        try (ChildServer server = ChildServer.start(environment, log, Duration.ofSeconds(60))) {
            Map<String, String> acknowledged;
            try (LoadGenerator load = new LoadGenerator(url, SENDERS, HELD.plusMinutes(3))) {
                load.start();
                Poll.until("first rows in DuckDB", Duration.ofSeconds(60), 200,
                        () -> !warehouse.countById(pipeline.table()).isEmpty(),
                        () -> "server log:\n" + ChildServer.tail(log));

                int acknowledgedBefore = load.acknowledgedIds().size();
                long failuresBefore = linesWith(log, LOAD_FAILED);
                long recoveriesBefore = linesWith(log, LOADING_AGAIN);
                try (Connection holder = takeTheFile(installation.config().warehouseUrl())) {
                    Thread.sleep(HELD.toMillis());
                }
                int acknowledgedWhileHeld = load.acknowledgedIds().size() - acknowledgedBefore;
                long failedLoads = linesWith(log, LOAD_FAILED) - failuresBefore;

                Poll.until("the loader loading again", DRAIN_TIMEOUT, 200,
                        () -> linesWith(log, LOADING_AGAIN) > recoveriesBefore,
                        () -> "server log:\n" + ChildServer.tail(log));
                load.close();

                assertEquals(0, load.nonOkAnswers(), "answers other than 200");
                assertEquals(0, load.failures(), "requests without an answer");
                assertTrue(acknowledgedWhileHeld > 0, "nothing was posted while held");
                assertTrue(failedLoads > 0, "the loader never met the held file");
                acknowledged = load.acknowledged();
            }

            Poll.until("the backlog drained", DRAIN_TIMEOUT, 500,
                    () -> installation.nothingWaitsForTheLoader()
                            && Reconciliation.of(acknowledged, warehouse, pipeline.table())
                                    .complete(),
                    () -> Reconciliation.of(acknowledged, warehouse, pipeline.table())
                            .summary());
            assertEquals(0, server.stopGracefully(Duration.ofSeconds(30)), "clean stop");

            Reconciliation.of(acknowledged, warehouse, pipeline.table())
                    .assertClean("DuckDB file held for " + HELD.toSeconds() + " s");
        }
    }

    /** Opens the file for writing, waiting out a load that holds it at this moment. */
    private static Connection takeTheFile(String url) throws InterruptedException {
        AtomicReference<Connection> holder = new AtomicReference<>();
        Poll.until("the DuckDB file between two loads", Duration.ofSeconds(30), 20, () -> {
            holder.set(DriverManager.getConnection(url));
            return true;
        }, () -> "");
        return holder.get();
    }

    private static long linesWith(Path log, String text) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
