package dev.hookhouse.spool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the spool writer has done since the spool was opened, for health checks and metrics.
 * Written by the writer thread only, readable from any thread; every value is read-only here
 * and needs no metrics library. Times are epoch milliseconds from the spool's clock, -1 when the
 * event has not happened yet.
 */
public final class SpoolStats {

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong failedRecords = new AtomicLong();
    private final AtomicLong seals = new AtomicLong();
    private volatile long lastSuccessMillis = -1;
    private volatile long lastFailureMillis = -1;
    private volatile long lastSealMillis = -1;
    private volatile long openSegmentBytes;
    private volatile int strandedSegments;

    void batchWritten(int recordCount, long byteCount, long nanos, long atMillis) {
        batches.incrementAndGet();
        records.addAndGet(recordCount);
        bytes.addAndGet(byteCount);
        writeNanos.addAndGet(nanos);
        lastSuccessMillis = atMillis;
    }

    void batchFailed(int recordCount, long atMillis) {
        failedBatches.incrementAndGet();
        failedRecords.addAndGet(recordCount);
        lastFailureMillis = atMillis;
    }

    void segmentSealed(long atMillis) {
        seals.incrementAndGet();
        lastSealMillis = atMillis;
    }

    void openSegmentBytes(long size) {
        openSegmentBytes = size;
    }

    void strandedSegments(int count) {
        strandedSegments = count;
    }

    /** Batches written and forced; with concurrent callers, fewer than {@link #records()}. */
    public long batches() {
        return batches.get();
    }

    /** Records acknowledged as durable. */
    public long records() {
        return records.get();
    }

    /** Bytes of acknowledged lines. */
    public long bytes() {
        return bytes.get();
    }

    /** Time spent writing and forcing successful batches, in nanoseconds. */
    public long writeNanos() {
        return writeNanos.get();
    }

    /** Batches whose write or force failed; their callers got an exception. */
    public long failedBatches() {
        return failedBatches.get();
    }

    /** Records refused because their batch failed. */
    public long failedRecords() {
        return failedRecords.get();
    }

    /** Segments sealed (renamed to {@code .sealed}) by this writer. */
    public long seals() {
        return seals.get();
    }

    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    public long lastFailureMillis() {
        return lastFailureMillis;
    }

    public long lastSealMillis() {
        return lastSealMillis;
    }

    /** Acknowledged bytes in the segment being written now; 0 if none is open. */
    public long openSegmentBytes() {
        return openSegmentBytes;
    }

    /**
     * Segments that could not be sealed after a failure and wait for a retry; their
     * acknowledged lines are safe but not yet visible to the loader. Above 0 means the disk
     * needs attention.
     */
    public int strandedSegments() {
        return strandedSegments;
    }
}
