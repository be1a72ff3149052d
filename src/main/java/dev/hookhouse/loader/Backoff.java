package dev.hookhouse.loader;

/**
 * Exponential backoff for retries while the warehouse (or registry) fails: the first retry
 * waits {@code firstDelayMillis}, each next one twice as long, never more than
 * {@code maxDelayMillis}. Not thread-safe; the loader uses it under its own lock.
 */
final class Backoff {

    private final long firstDelayMillis;
    private final long maxDelayMillis;
    private int failedAttempts;
    private long nextAttemptAtMillis = Long.MIN_VALUE;

    Backoff(long firstDelayMillis, long maxDelayMillis) {
        this.firstDelayMillis = Math.min(firstDelayMillis, maxDelayMillis);
        this.maxDelayMillis = maxDelayMillis;
    }

    /** Whether an attempt now would come before the wait is over. */
    boolean isWaiting(long nowMillis) {
        return nowMillis < nextAttemptAtMillis;
    }

    /** Records a failure at {@code nowMillis}; returns the wait before the next attempt. */
    long failed(long nowMillis) {
        failedAttempts++;
        long delay = delayAfter(failedAttempts);
        nextAttemptAtMillis = nowMillis + delay;
        return delay;
    }

    long delayAfter(int failures) {
        long delay = firstDelayMillis;
        for (int doubled = 1; doubled < failures && delay < maxDelayMillis; doubled++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelayMillis);
    }

    /** Clears the failure count after a success. */
    void succeeded() {
        failedAttempts = 0;
        nextAttemptAtMillis = Long.MIN_VALUE;
    }

    int failedAttempts() {
        return failedAttempts;
    }

    long nextAttemptAtMillis() {
        return nextAttemptAtMillis;
    }
}
