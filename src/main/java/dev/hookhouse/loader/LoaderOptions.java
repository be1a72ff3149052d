package dev.hookhouse.loader;

import dev.hookhouse.config.HookhouseConfig;
import java.time.Duration;

/**
 * How the loader behaves.
 *
 * @param archiveRetention how long loaded segments stay in the archive, counted from the load
 * @param firstBackoffMillis wait before the first retry after a failed run
 * @param maxBackoffMillis longest wait between retries
 * @param maxRunMillis a run takes no new segment after this long, so that a large backlog
 *     does not hold the DuckDB file (and keep users out of it) for minutes
 */
public record LoaderOptions(
        Duration archiveRetention,
        long firstBackoffMillis,
        long maxBackoffMillis,
        long maxRunMillis) {

    static final long FIRST_BACKOFF_MS = 1_000;
    static final long MAX_RUN_MS = 10_000;

    public static LoaderOptions from(HookhouseConfig config) {
        return new LoaderOptions(
                Duration.ofHours(config.number(HookhouseConfig.SPOOL_ARCHIVE_RETENTION_HOURS)),
                FIRST_BACKOFF_MS,
                config.number(HookhouseConfig.LOADER_MAX_BACKOFF_MS),
                MAX_RUN_MS);
    }
}
