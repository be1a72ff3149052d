package dev.hookhouse.ops;

import dev.hookhouse.loader.LoaderStats;
import java.time.Clock;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Down once the loader has failed without a single successful run for longer than
 * {@code hookhouse.health.loader-failing-ms}. Ingestion goes on meanwhile (requests are
 * spooled), so this is a signal for people and for a load balancer that can send senders to a
 * healthier server; short outages, which the spool absorbs, do not trip it.
 *
 * <p>Every run that finds nothing to load counts as a success, and runs happen every
 * {@code hookhouse.loader.interval-ms}, so the failing streak began within one interval after
 * {@link LoaderStats#lastSuccessMillis()}, or after the start if it never succeeded.
 */
final class LoaderReadiness extends ReadinessCheck {

    static final String ID = "hookhouse-loader";

    private final LoaderStats stats;
    private final Clock clock;
    private final long startedMillis;
    private final long failingLimitMillis;

    LoaderReadiness(LoaderStats stats, Clock clock, long failingLimitMillis) {
        super(ID);
        this.stats = stats;
        this.clock = clock;
        this.startedMillis = clock.millis();
        this.failingLimitMillis = failingLimitMillis;
    }

    @Override
    void check(HealthCheckResultBuilder result) {
        int failures = stats.consecutiveFailures();
        result.detail("consecutive_failures", failures);
        if (failures == 0) {
            result.up();
            return;
        }

        long failingForMillis = clock.millis()
                - Math.max(stats.lastSuccessMillis(), startedMillis);
        if (failingForMillis <= failingLimitMillis) {
            result.up();
            return;
        }
        result.down().message("the loader has failed for " + failingForMillis / 1000 + " s ("
                + failures + " attempts in a row); requests wait in the spool");
    }
}
