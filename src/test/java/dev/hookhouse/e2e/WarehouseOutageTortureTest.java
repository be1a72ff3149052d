package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.loader.LoaderStats;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.server.HookhouseServer;
import dev.hookhouse.testing.LoadGenerator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torture: PostgreSQL, the warehouse, is stopped while senders post and started again: the
 * endpoint keeps answering 200 throughout, and once the backlog has drained every acknowledged
 * request is in the table exactly once, with the body that was sent. The server runs at default
 * settings; only the warehouse is a throwaway PostgreSQL of this test's own, so stopping it
 * disturbs nobody. {@link LockedDuckDbTortureTest} is the same for the embedded warehouse.
 *
 * <p>The full suite stops PostgreSQL for a minute; the CI-sized run for 20 seconds, which is
 * still many loader runs and backoff steps.
 */
class WarehouseOutageTortureTest {

    private static final Duration OUTAGE = TortureScale.pick(Duration.ofSeconds(20),
            Duration.ofSeconds(60));

    private static final int SENDERS = 8;
    private static final Duration LOAD_LIMIT = OUTAGE.plusMinutes(3);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void stoppedPostgresLosesAndDuplicatesNothingAndIngestKeepsAnswering() throws Exception {
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
            Installation installation = Installation.in(dir)
                    .withPostgresWarehouse(postgres.jdbcUrl());
            Registry registry = installation.registry(Clock.systemUTC());
            CreatedToken token = registry.createToken("outage");
            PipelineEntry pipeline = registry.createPipeline("Outage test", null);
            StoredRows warehouse = StoredRows.inProcess(installation.config());

            Map<String, String> acknowledged;
            try (HookhouseServer server = HookhouseServer.start(installation.config(),
                    Clock.systemUTC())) {
                URI url = Webhook.url(server.httpPort(), pipeline.id(), token.entry().key(),
                        token.token());
                LoaderStats loader = server.loader().loader().stats();
                try (LoadGenerator load = new LoadGenerator(url, SENDERS, LOAD_LIMIT)) {
                    load.start();
                    Poll.until("first rows in PostgreSQL", Duration.ofSeconds(60), 200,
                            () -> !warehouse.countById(pipeline.table()).isEmpty(),
                            () -> load.acknowledgedIds().size() + " acknowledged");

                    int acknowledgedBefore = load.acknowledgedIds().size();
                    long failedRunsBefore = loader.failedRuns();
                    postgres.stop();
                    Thread.sleep(OUTAGE.toMillis());
                    int acknowledgedDuring = load.acknowledgedIds().size() - acknowledgedBefore;
                    long failedRunsDuring = loader.failedRuns() - failedRunsBefore;
                    postgres.startServer();

                    Poll.until("the loader loading again", DRAIN_TIMEOUT, 200,
                            () -> loader.consecutiveFailures() == 0
                                    && loader.failedRuns() > failedRunsBefore,
                            () -> loader.consecutiveFailures() + " failures in a row");
                    load.close();

                    assertEquals(0, load.nonOkAnswers(), "answers other than 200");
                    assertEquals(0, load.failures(), "requests without an answer");
                    assertTrue(acknowledgedDuring > 0, "nothing was posted during the outage");
                    assertTrue(failedRunsDuring > 0, "the loader never noticed the outage");
                    acknowledged = load.acknowledged();
                }

                Poll.until("the backlog drained", DRAIN_TIMEOUT, 200,
                        () -> installation.nothingWaitsForTheLoader()
                                && Reconciliation.of(acknowledged, warehouse, pipeline.table())
                                        .complete(),
                        () -> Reconciliation.of(acknowledged, warehouse, pipeline.table())
                                .summary());
            }

            Reconciliation.of(acknowledged, warehouse, pipeline.table())
                    .assertClean("warehouse outage of " + OUTAGE.toSeconds() + " s");
        }
    }
}
