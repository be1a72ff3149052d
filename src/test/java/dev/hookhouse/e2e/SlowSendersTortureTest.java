package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.LoadGenerator;
import dev.hookhouse.testing.TricklingSenders;
import dev.hookhouse.warehouse.PostgresTestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Torture: many senders trickle their bodies a few bytes at a time, each body taking 10 to
 * 20 s, on a server with the fewest worker threads it accepts. While every slow body is still
 * arriving, fast senders post small bodies and must be answered 200, and fast. Then the slow
 * bodies end and each gets its own 200. At the end every request id answered 200, fast or
 * slow, is in the warehouse exactly once with the body that was sent.
 *
 * <p>This is the behaviour asked of the HTTP edge, whatever its design: a sender that is slow
 * to deliver its body must not hold up the others. An edge that gives each request a worker
 * thread while its body arrives fails here (README, "Limits").
 *
 * <p>The trickle schedule is drawn from a seeded random; the seed is printed, and
 * {@code -Dhookhouse.torture.seed=N} replays it.
 */
class SlowSendersTortureTest {

    private static final int SLOW_SENDERS = TortureScale.pick(300, 2000);
    private static final Duration SHORTEST_TRICKLE = Duration.ofSeconds(10);
    private static final Duration LONGEST_TRICKLE = Duration.ofSeconds(20);

    /**
     * The server times a body from its request head, and the heads go out one by one before
     * any body byte: the first head waits the whole ramp (10 s at full size, more on a loaded
     * machine) and then its trickle. The timeout covers three times the ramp, the longest
     * trickle and 15 s of slack, so that no slow sender is too slow.
     */
    private static final Duration BODY_TIMEOUT = LONGEST_TRICKLE
            .plusMillis(3L * SLOW_SENDERS * TricklingSenders.CONNECT_PAUSE_MILLIS)
            .plusSeconds(15);
    private static final long WORKER_THREADS = HookhouseConfig.HTTP_WORKER_THREADS.min();

    /** Ends before the shortest trickle does, so every fast request meets every slow one. */
    private static final Duration FAST_PHASE = Duration.ofSeconds(8);
    private static final int FAST_SENDERS = 4;

    /** Answers before the torture: each fast sender's first request sets up its connection. */
    private static final int WARM_UP_ANSWERS = 40;

    /**
     * A fast body is whole on arrival, so answering it costs a spool write: milliseconds, tens
     * under fsync on a busy 2-core machine. 2 s leaves a hundred times that for scheduling.
     * An edge that lets slow bodies hold the workers makes a fast request wait until slow
     * bodies end, 10 to 20 s here: five to ten times over. A correctness bound, not a
     * benchmark. It holds for the p95, not for every request: on a 2-core machine shared with
     * other builds (load average 15) every sender at once was seen to wait 1 to 4.5 s now and
     * then, slow senders or none; the p95 leaves a few such pauses out.
     */
    private static final Duration FAST_ANSWER_BOUND = Duration.ofSeconds(2);
    private static final double FAST_ANSWER_FRACTION = 0.95;

    /** Long enough to measure a starved answer rather than give up on it. */
    private static final Duration FAST_ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SLOW_ANSWERS_TIMEOUT = LONGEST_TRICKLE.plus(BODY_TIMEOUT);
    private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    /**
     * What is tortured here is the HTTP edge, which is the same whatever the warehouse: CI
     * loads into DuckDB only, to stay within its time; the full suite into PostgreSQL too.
     */
    static Stream<String> warehouseKinds() {
        return TortureScale.full() ? Stream.of("duckdb", "postgres") : Stream.of("duckdb");
    }

    @ParameterizedTest(name = "into {0}")
    @MethodSource("warehouseKinds")
    void slowBodiesDelayNoFastSenderAndEveryAcknowledgedRequestIsStoredOnce(
            String warehouseKind) throws Exception {
        PostgresTestDatabase postgres = warehouseKind.equals("postgres")
                ? PostgresTestDatabase.create(SlowSendersTortureTest.class) : null;
        try {
            Installation installation = Installation.in(dir)
                    .with(HookhouseConfig.HTTP_WORKER_THREADS, Long.toString(WORKER_THREADS))
                    .with(HookhouseConfig.HTTP_BODY_TIMEOUT_MS,
                            Long.toString(BODY_TIMEOUT.toMillis()));
            if (postgres != null) {
                installation.withPostgresWarehouse(postgres.url());
            }
            tortureAndReconcile(installation, "slow senders torture into " + warehouseKind);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private void tortureAndReconcile(Installation installation, String scenario)
            throws Exception {
        Registry registry = installation.registry(Clock.systemUTC());
        CreatedToken token = registry.createToken("slow-senders");
        PipelineEntry pipeline = registry.createPipeline("Slow senders torture", null);
        Map<String, String> environment = installation.environment(ChildServer.freePort(),
                ChildServer.freePort());
        int port = Integer.parseInt(environment.get("HOOKHOUSE_HTTP_PORT"));
        URI url = Webhook.url(port, pipeline.id(), token.entry().key(), token.token());
        Path log = dir.resolve("server.log");
        long seed = Long.getLong("hookhouse.torture.seed", System.nanoTime());
        StoredRows warehouse = StoredRows.besideServer(installation.config());

        Map<String, String> acknowledged = new HashMap<>();
        String figures;
        try (ChildServer server = ChildServer.start(environment, log, START_TIMEOUT);
                LoadGenerator fast = new LoadGenerator(url, FAST_SENDERS, LOAD_LIMIT,
                        FAST_ANSWER_TIMEOUT)) {
            fast.start();
            Poll.until("fast senders answered before the torture", START_TIMEOUT, 20,
                    () -> fast.acknowledgedIds().size() >= WARM_UP_ANSWERS,
                    () -> fast.nonOkByAnswer() + "; server log:\n" + ChildServer.tail(log));

            try (TricklingSenders slow = new TricklingSenders(url, SLOW_SENDERS,
                    SHORTEST_TRICKLE, LONGEST_TRICKLE, SLOW_ANSWERS_TIMEOUT, seed)) {
                // Answer times count from here, when every slow head has arrived.
                fast.forgetAnswerTimes();
                slow.start();
                Thread.sleep(FAST_PHASE.toMillis());
                assertEquals(0, slow.bodiesSent(), "a slow body ended during the fast phase");
                assertEquals(0, slow.answered(), "a slow sender answered before its body ended");
                fast.close();
                assertFastAnswers(fast, log);
                figures = SLOW_SENDERS + " slow, " + fast.acknowledgedIds().size()
                        + " fast, fast p95 " + fast.answerMillisAt(FAST_ANSWER_FRACTION)
                        + " ms, max " + fast.answerMillisAt(1.0) + " ms, seed " + seed;

                Poll.until("every slow sender answered", SLOW_ANSWERS_TIMEOUT, 100,
                        slow::finished,
                        () -> slow.answered() + " answered, " + slow.bodiesSent()
                                + " bodies sent; server log:\n" + ChildServer.tail(log));
                assertEveryoneAcknowledged(slow);
                putEachOnce(acknowledged, fast.acknowledged());
                putEachOnce(acknowledged, slow.acknowledged());
            }

            Reconciliation.awaitComplete(acknowledged, warehouse, pipeline.table(), installation,
                    DRAIN_TIMEOUT, log);
            assertEquals(0, server.stopGracefully(Duration.ofSeconds(30)), "clean stop");
        }

        Reconciliation.of(acknowledged, warehouse, pipeline.table())
                .assertClean(scenario + ": " + figures);
        assertEquals(List.of(), installation.setAsideFiles(), "records set aside");
    }

    /**
     * The fast senders, posting while every slow body was still arriving: each answered 200
     * within the bound.
     */
    private static void assertFastAnswers(LoadGenerator fast, Path log) {
        long boundMillis = FAST_ANSWER_BOUND.toMillis();
        long p95Millis = fast.answerMillisAt(FAST_ANSWER_FRACTION);
        long longestMillis = fast.answerMillisAt(1.0);
        String seen = "fast p95 " + p95Millis + " ms, max " + longestMillis + " ms, over "
                + fast.answered() + " answers, while " + SLOW_SENDERS + " slow bodies arrived"
                + " on " + WORKER_THREADS + " worker threads";
        assertTrue(p95Millis <= boundMillis, seen + "; bound " + boundMillis + " ms");

        // Even a pause of the whole machine must not last until a slow body could end.
        assertTrue(longestMillis < SHORTEST_TRICKLE.toMillis(), "a fast sender waited for a"
                + " slow body; " + seen + "; server log:\n" + ChildServer.tail(log));
        assertEquals(0, fast.stillWaiting(), "fast senders never answered; " + seen);
        assertEquals(0, fast.failures(), "fast requests without an answer; " + seen);
        assertEquals(Map.of(), fast.nonOkByAnswer(), "fast answers other than 200");

        // Follows from the bound: each sender, answered within it, posts again at once.
        long leastAnswers = FAST_SENDERS * FAST_PHASE.dividedBy(FAST_ANSWER_BOUND);
        assertTrue(fast.answered() >= leastAnswers, seen);
    }

    private static void assertEveryoneAcknowledged(TricklingSenders slow) {
        assertEquals(null, slow.driverFailure(), "the slow senders' driver failed");
        assertEquals(Map.of(), slow.nonOkByAnswer(), "slow answers other than 200");
        assertEquals(0, slow.connectionsLost(), "slow senders whose connection was lost");
        assertEquals(SLOW_SENDERS, slow.acknowledged().size(), "slow senders acknowledged");
    }

    /** Adds ids to the acknowledged ones; two answers with one id would be a fault. */
    private static void putEachOnce(Map<String, String> acknowledged, Map<String, String> more) {
        for (Map.Entry<String, String> answer : more.entrySet()) {
            String earlier = acknowledged.putIfAbsent(answer.getKey(), answer.getValue());
            assertEquals(null, earlier, "request id " + answer.getKey() + " answered twice");
        }
    }
}
