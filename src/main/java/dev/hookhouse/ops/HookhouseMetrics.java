package dev.hookhouse.ops;

import dev.hookhouse.http.IngestObserver;
import dev.hookhouse.loader.LoaderStats;
import dev.hookhouse.loader.RejectReason;
import dev.hookhouse.spool.Spool;
import dev.hookhouse.spool.SpoolStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;


/**
 * Hookhouse's own Prometheus metrics. Names follow Prometheus conventions: the exporter adds
 * the unit ({@code _seconds}, {@code _bytes}) and {@code _total} for counters, so
 * {@code hookhouse.http.requests} is scraped as {@code hookhouse_http_requests_total}.
 *
 * <p>The spool and the loader keep plain counters ({@link SpoolStats}, {@link LoaderStats})
 * and know nothing of Micrometer; the meters here read them when scraped. Only the request
 * counters are written per request, by the edge's {@link IngestObserver} hook.
 *
 * <p>Labels stay few on purpose: requests by status and error code (a fixed set), loaded rows
 * by pipeline id (pipelines come from the registry), set-aside rows by reason only. Rejected
 * rows are not labelled by pipeline: their pipeline id is whatever a sender wrote in the URL.
 */
public final class HookhouseMetrics implements IngestObserver {

    private static final double NEVER = Double.NaN;

    private final MeterRegistry registry;
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();
    private final Counter receivedBytes;
    private final Set<Long> pipelinesCounted = ConcurrentHashMap.newKeySet();
    private LoaderStats loaderStats;

    public HookhouseMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.receivedBytes = Counter.builder("hookhouse.http.received")
                .baseUnit("bytes")
                .description("Request body bytes read from senders, before decompression")
                .register(registry);
    }

    /** Per request: a map lookup and an increment (a code always comes with one status). */
    @Override
    public void answered(int status, String code) {
        Counter counter = requestCounters.get(code);
        if (counter == null) {
            counter = requestCounters.computeIfAbsent(code, key -> Counter
                    .builder("hookhouse.http.requests")
                    .description("Webhook requests answered, by HTTP status and error code")
                    .tag("status", Integer.toString(status))
                    .tag("code", code)
                    .register(registry));
        }
        counter.increment();
    }

    void bytesReceived(long bytes) {
        receivedBytes.increment(bytes);
    }

    /** Requests admitted and not answered yet. */
    void bindInFlight(DrainGate gate) {
        Gauge.builder("hookhouse.http.requests.in.flight", gate, DrainGate::inFlight)
                .description("Webhook requests being read, spooled or answered right now")
                .register(registry);
    }

    void bindBufferedBodyBytes(LongSupplier bytes) {
        // Micrometer holds a gauge's object weakly; a method reference held by nobody else
        // would be collected, and the gauge would read NaN from then on.
        Gauge.builder("hookhouse.http.buffered.bytes", bytes, LongSupplier::getAsLong)
                .description("Bytes of request bodies held in memory, from their first byte"
                        + " until spooled or refused")
                .strongReference(true)
                .register(registry);
    }

    void bindSpool(Spool spool) {
        SpoolStats stats = spool.stats();
        FunctionTimer.builder("hookhouse.spool.fsync", stats, SpoolStats::batches,
                        SpoolStats::writeNanos, TimeUnit.NANOSECONDS)
                .description("Write and fsync of one group-commit batch; count is batches")
                .register(registry);
        counter("hookhouse.spool.records", stats, SpoolStats::records, null,
                "Records made durable; divided by batches, the group-commit size");
        counter("hookhouse.spool.written", stats, SpoolStats::bytes, "bytes",
                "Bytes of spool lines made durable");
        counter("hookhouse.spool.failed.batches", stats, SpoolStats::failedBatches, null,
                "Batches whose write or fsync failed; their senders got 503");
        counter("hookhouse.spool.failed.records", stats, SpoolStats::failedRecords, null,
                "Records refused because their batch failed");
        counter("hookhouse.spool.sealed.segments", stats, SpoolStats::seals, null,
                "Segments sealed and handed to the loader");
        gauge("hookhouse.spool.open.segment", stats, SpoolStats::openSegmentBytes, "bytes",
                "Size of the segment being written");
        gauge("hookhouse.spool.stranded.segments", stats, SpoolStats::strandedSegments, null,
                "Segments that could not be sealed after a failure; above 0 needs a look");
        gauge("hookhouse.spool.queued.appends", spool, Spool::queuedAppends, null,
                "Appends waiting for the writer; high means a slow disk");
    }

    void bindBacklog(BacklogGauge backlog) {
        gauge("hookhouse.spool.backlog.segments", backlog, BacklogGauge::sealedSegments, null,
                "Sealed segments waiting for the loader");
        gauge("hookhouse.spool.backlog", backlog, BacklogGauge::unloadedBytes, "bytes",
                "Bytes in incoming/ not loaded yet, open segment included");
        gauge("hookhouse.spool.oldest.unloaded.age", backlog,
                BacklogGauge::oldestRecordAgeSeconds, "seconds",
                "Age of the oldest record not loaded yet, by its request time; 0 if none");
    }

    void bindLoader(LoaderStats stats) {
        this.loaderStats = stats;
        counter("hookhouse.loader.runs", stats, LoaderStats::runs, null,
                "Loader runs that found work or tried to");
        counter("hookhouse.loader.failed.runs", stats, LoaderStats::failedRuns, null,
                "Runs that failed on the warehouse, the registry or the spool; retried");
        gauge("hookhouse.loader.consecutive.failures", stats,
                LoaderStats::consecutiveFailures, null, "Failed runs since the last success");
        FunctionTimer.builder("hookhouse.loader.run", stats, LoaderStats::runs,
                        LoaderStats::totalRunNanos, TimeUnit.NANOSECONDS)
                .description("Duration of loader runs")
                .register(registry);
        gauge("hookhouse.loader.last.success.timestamp", stats,
                HookhouseMetrics::lastSuccessSeconds, "seconds",
                "Unix time of the last successful run; NaN before the first");
        counter("hookhouse.loader.segments", stats, LoaderStats::segmentsLoaded, null,
                "Segments loaded and archived");
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("hookhouse.loader.rows.rejected", stats,
                            loader -> loader.setAside(reason))
                    .description("Rows set aside instead of loaded, by reason;"
                            + " WAREHOUSE_REFUSED rows are in the dead-letter area")
                    .tag("reason", reason.name())
                    .register(registry);
        }
        refreshPipelines();
    }

    /**
     * Registers the loaded-rows counter of pipelines seen since the last call. Called before
     * every scrape, since pipelines appear while the server runs.
     */
    void refreshPipelines() {
        LoaderStats stats = loaderStats;
        if (stats == null) {
            return;
        }
        for (Long pipelineId : stats.rowsLoadedByPipeline().keySet()) {
            if (!pipelinesCounted.add(pipelineId)) {
                continue;
            }
            FunctionCounter.builder("hookhouse.loader.rows.loaded", stats,
                            loader -> loader.rowsLoaded(pipelineId))
                    .description("Rows loaded into the warehouse (new or already there),"
                            + " by pipeline")
                    .tag("pipeline_id", Long.toString(pipelineId))
                    .register(registry);
        }
    }

    private static double lastSuccessSeconds(LoaderStats stats) {
        long millis = stats.lastSuccessMillis();
        return millis < 0 ? NEVER : millis / 1000.0;
    }

    private <T> void counter(String name, T source, ToDoubleFunction<T> value, String unit,
            String description) {
        FunctionCounter.builder(name, source, value)
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }

    private <T> void gauge(String name, T source, ToDoubleFunction<T> value, String unit,
            String description) {
        // Strong: the backlog gauge's source is referenced by nothing else.
        Gauge.builder(name, source, value)
                .strongReference(true)
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }
}
