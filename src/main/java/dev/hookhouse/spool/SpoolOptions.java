package dev.hookhouse.spool;

/**
 * How the spool writes.
 *
 * @param sealAfterMillis age at which the open segment is sealed and handed to the loader
 * @param segmentMaxBytes size at which the open segment is sealed; a segment can pass it by at
 *     most the one batch that crossed it
 * @param fsync whether appends wait for fsync; false only for benchmarks, acks stop being
 *     durable
 */
public record SpoolOptions(long sealAfterMillis, long segmentMaxBytes, boolean fsync) {

    public SpoolOptions {
        if (sealAfterMillis < 1) {
            throw new IllegalArgumentException("sealAfterMillis must be at least 1, was "
                    + sealAfterMillis);
        }
        if (segmentMaxBytes < 1) {
            throw new IllegalArgumentException("segmentMaxBytes must be at least 1, was "
                    + segmentMaxBytes);
        }
    }

    public static SpoolOptions defaults() {
        return new SpoolOptions(500, 64L * 1024 * 1024, true);
    }
}
