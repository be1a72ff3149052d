package dev.hookhouse.spool;

/**
 * How the spool writes.
 *
 * @param sealAfterMillis age at which the open segment is sealed and handed to the loader
 * @param segmentMaxBytes size at which the open segment is sealed
 * @param fsync whether appends wait for fsync; false only for benchmarks, acks stop being
 *     durable
 */
public record SpoolOptions(long sealAfterMillis, long segmentMaxBytes, boolean fsync) {

    public static SpoolOptions defaults() {
        return new SpoolOptions(500, 64L * 1024 * 1024, true);
    }
}
