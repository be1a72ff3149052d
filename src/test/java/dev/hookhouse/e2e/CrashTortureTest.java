package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.LoadGenerator;
import dev.hookhouse.warehouse.PostgresTestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Torture: SIGKILL at random moments while senders post and the loader loads, round after
 * round, restarting the server each time at default settings. At the end every request id that
 * was answered 200 is in the warehouse exactly once with the body that was sent, and nothing
 * was set aside: a kill never leaves a torn line behind for the loader to reject.
 *
 * <p>The moment of each kill is drawn from a seeded random; the seed is printed, and
 * {@code -Dhookhouse.torture.seed=N} replays the same schedule.
 */
class CrashTortureTest {

    private static final int ROUNDS = TortureScale.pick(3, 10);
    private static final int SENDERS = 16;
    private static final int ACKNOWLEDGED_PER_ROUND = 100;
    private static final long LONGEST_EXTRA_LIFE_MILLIS = 3_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"duckdb", "postgres"})
    void everyAcknowledgedRequestIsStoredOnceAfterRepeatedSigkills(String warehouseKind)
            throws Exception {
        PostgresTestDatabase postgres = warehouseKind.equals("postgres")
                ? PostgresTestDatabase.create(CrashTortureTest.class) : null;
        try {
            Installation installation = Installation.in(dir);
            if (postgres != null) {
                installation.withPostgresWarehouse(postgres.url());
            }
            tortureAndReconcile(installation, "crash torture into " + warehouseKind);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private void tortureAndReconcile(Installation installation, String scenario)
            throws Exception {
        Registry registry = installation.registry(Clock.systemUTC());
        CreatedToken token = registry.createToken("crash");
        PipelineEntry pipeline = registry.createPipeline("Crash torture", null);
        Map<String, String> environment = installation.environment(ChildServer.freePort(),
                ChildServer.freePort());
        int port = Integer.parseInt(environment.get("HOOKHOUSE_HTTP_PORT"));
        URI url = Webhook.url(port, pipeline.id(), token.entry().key(), token.token());
        Path log = dir.resolve("server.log");

        long seed = Long.getLong("hookhouse.torture.seed", System.nanoTime());
        Random schedule = new Random(seed);
        System.out.println(scenario + ": " + ROUNDS + " rounds, seed " + seed);

        Map<String, String> acknowledged;
        try (LoadGenerator load = new LoadGenerator(url, SENDERS, Duration.ofMinutes(20))) {
            load.start();
            for (int round = 1; round <= ROUNDS; round++) {
                try (ChildServer server = ChildServer.start(environment, log, START_TIMEOUT)) {
                    int before = load.acknowledgedIds().size();
                    Poll.until("round " + round + " under load", Duration.ofSeconds(60), 20,
                            () -> load.acknowledgedIds().size()
                                    >= before + ACKNOWLEDGED_PER_ROUND,
                            () -> "server log:\n" + ChildServer.tail(log));

                    // The kill lands anywhere: mid-batch, mid-seal, mid-load, mid-archive.
                    Thread.sleep(schedule.nextLong(LONGEST_EXTRA_LIFE_MILLIS));
                    server.killHard();
                }
            }
            load.close();
            acknowledged = load.acknowledged();
        }

        StoredRows warehouse = StoredRows.besideServer(installation.config());
        try (ChildServer restarted = ChildServer.start(environment, log, START_TIMEOUT)) {
            Reconciliation.awaitComplete(acknowledged, warehouse, pipeline.table(), installation,
                    DRAIN_TIMEOUT, log);
            assertEquals(0, restarted.stopGracefully(Duration.ofSeconds(30)), "clean stop");
        }

        Reconciliation.of(acknowledged, warehouse, pipeline.table()).assertClean(scenario);
        assertEquals(List.of(), installation.setAsideFiles(), "records set aside after kills");
        assertTrue(acknowledged.size() >= ROUNDS * ACKNOWLEDGED_PER_ROUND,
                "load ran: " + acknowledged.size());
    }
}
