package dev.hookhouse.loader;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters for metrics and health; written by the loader, read by anyone. */
public final class LoaderStats {

    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failedRuns = new AtomicLong();
    private final AtomicLong segmentsLoaded = new AtomicLong();
    private final AtomicLong rowsLoaded = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong totalRunNanos = new AtomicLong();
    private final ConcurrentHashMap<Long, AtomicLong> rowsByPipeline = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RejectReason, AtomicLong> setAsideByReason =
            new ConcurrentHashMap<>();
    private volatile long lastSuccessMillis = -1;
    private volatile long lastRunNanos;
    private volatile int consecutiveFailures;

    void recordRows(long pipelineId, long rows) {
        rowsByPipeline.computeIfAbsent(pipelineId, id -> new AtomicLong()).addAndGet(rows);
        rowsLoaded.addAndGet(rows);
    }

    void recordSetAside(RejectReason reason) {
        setAsideByReason.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        if (reason == RejectReason.WAREHOUSE_REFUSED) {
            deadLettered.incrementAndGet();
        }
    }

    void recordSegmentLoaded() {
        segmentsLoaded.incrementAndGet();
    }

    void recordRun(long nanos, boolean succeeded, long nowMillis, int failuresInARow) {
        runs.incrementAndGet();
        lastRunNanos = nanos;
        totalRunNanos.addAndGet(nanos);
        consecutiveFailures = failuresInARow;
        if (succeeded) {
            lastSuccessMillis = nowMillis;
        } else {
            failedRuns.incrementAndGet();
        }
    }

    /** Runs that did work or tried to; runs skipped while backing off are not counted. */
    public long runs() {
        return runs.get();
    }

    public long failedRuns() {
        return failedRuns.get();
    }

    /** Failed runs since the last successful one; 0 when healthy. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public long segmentsLoaded() {
        return segmentsLoaded.get();
    }

    /** Rows handed to the warehouse and not refused, all pipelines. */
    public long rowsLoaded() {
        return rowsLoaded.get();
    }

    public long rowsLoaded(long pipelineId) {
        AtomicLong rows = rowsByPipeline.get(pipelineId);
        return rows == null ? 0 : rows.get();
    }

    public Map<Long, Long> rowsLoadedByPipeline() {
        Map<Long, Long> copy = new TreeMap<>();
        rowsByPipeline.forEach((id, rows) -> copy.put(id, rows.get()));
        return copy;
    }

    /** Records set aside for {@code reason}, rejected or dead-lettered. */
    public long setAside(RejectReason reason) {
        AtomicLong count = setAsideByReason.get(reason);
        return count == null ? 0 : count.get();
    }

    public Map<RejectReason, Long> setAsideByReason() {
        Map<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
        setAsideByReason.forEach((reason, count) -> copy.put(reason, count.get()));
        return copy;
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Wall-clock millis of the last successful run, -1 before the first. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }

    public long lastRunNanos() {
        return lastRunNanos;
    }

    public long totalRunNanos() {
        return totalRunNanos.get();
    }
}
