package dev.hookhouse.loader;

import dev.hookhouse.registry.RegistrySnapshot;
import dev.hookhouse.registry.RegistrySource;
import dev.hookhouse.spool.SegmentReader;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.warehouse.LoadOutcome;
import dev.hookhouse.warehouse.Warehouse;
import dev.hookhouse.warehouse.WarehouseUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed spool segments into the warehouse, oldest first. A scheduler calls
 * {@link #runOnce()}; everything else is here, free of Camel, so it can be tested alone.
 *
 * <p><b>One segment, step by step.</b>
 * <ol>
 *   <li>Read the segment and authenticate each record against the run's registry snapshot
 *       ({@link Authenticator}); lines that are not records are set aside as
 *       {@code CORRUPT_LINE}.</li>
 *   <li>Write the segment's rejected file whole and durably (or remove a stale one).</li>
 *   <li>Load the accepted rows, every table of the segment, in one warehouse transaction;
 *       rows the warehouse refuses come back, the rest is committed.</li>
 *   <li>Write the segment's dead-letter file the same way.</li>
 *   <li>Stamp the segment's modification time (retention counts from here) and move it to
 *       {@code archive/N.loaded} with an atomic rename and directory fsyncs.</li>
 * </ol>
 *
 * <p><b>Crash safety.</b> The segment stays sealed in {@code incoming/} until the last step,
 * and every step before it can be repeated without effect, so a crash anywhere only means the
 * segment is processed again at the next start.
 * <ul>
 *   <li>Before the commit, the warehouse holds none of the segment; the rejected file is
 *       replaced, never appended to.</li>
 *   <li>After the commit and before the move, the rows are loaded again and skipped by request
 *       id ({@code ON CONFLICT DO NOTHING}); both set-aside files are replaced whole.</li>
 *   <li>The move itself is atomic: the segment is either sealed or archived, never both.</li>
 * </ul>
 * The one visible trace of a repeat: records are judged again with the registry as it is then,
 * so a token revoked in between would put already loaded records in the rejected file too.
 *
 * <p><b>Failures.</b> If the registry, the spool or the warehouse fails (PostgreSQL down,
 * DuckDB file held by another process), the run stops at that segment, which stays sealed
 * with all later ones. Further runs are skipped for 1 s, 2 s, 4 s, ... up to
 * {@code maxBackoffMillis}, each failure logged at WARN with its attempt number and the next
 * delay. Ingestion never waits for the loader: the backlog simply grows in the spool and
 * drains once the warehouse is back.
 *
 * <p>Runs never overlap: {@code runOnce} is synchronized, and the Quartz route does not fire
 * while a run is going.
 */
public final class Loader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final SpoolLayout layout;
    private final RegistrySource registry;
    private final Warehouse warehouse;
    private final LoaderOptions options;
    private final Clock clock;
    private final Backoff backoff;
    private final LoaderStats stats = new LoaderStats();
    private Instant nextPurgeAt = Instant.MIN;
    private boolean closed;

    public Loader(SpoolLayout layout, RegistrySource registry, Warehouse warehouse,
            LoaderOptions options, Clock clock) {
        this.layout = layout;
        this.registry = registry;
        this.warehouse = warehouse;
        this.options = options;
        this.clock = clock;
        this.backoff = new Backoff(options.firstBackoffMillis(), options.maxBackoffMillis());
    }

    public LoaderStats stats() {
        return stats;
    }

    /** Loads what is sealed now, unless still backing off after a failure. */
    public synchronized RunReport runOnce() {
        if (closed) {
            return RunReport.skipped(RunReport.Outcome.CLOSED);
        }
        if (backoff.isWaiting(clock.millis())) {
            return RunReport.skipped(RunReport.Outcome.WAITING);
        }

        long startedNanos = System.nanoTime();
        Tally tally = new Tally();
        RunReport report;
        try {
            loadSealedSegments(startedNanos, tally);
            report = tally.report(RunReport.Outcome.LOADED, null);
            noteSuccess();
        } catch (Exception failure) {
            report = tally.report(RunReport.Outcome.FAILED, noteFailure(failure));
        }
        stats.recordRun(System.nanoTime() - startedNanos,
                report.outcome() == RunReport.Outcome.LOADED, clock.millis(),
                backoff.failedAttempts());

        purgeArchiveIfDue();
        return report;
    }

    private void loadSealedSegments(long startedNanos, Tally tally)
            throws IOException, SQLException, WarehouseUnavailableException {
        List<Path> segments = layout.sealedSegments();
        if (segments.isEmpty()) {
            return;
        }

        RegistrySnapshot snapshot = registry.snapshot();
        long maxRunNanos = TimeUnit.MILLISECONDS.toNanos(options.maxRunMillis());
        try (LazySession session = new LazySession(warehouse)) {
            for (Path segment : segments) {
                if (System.nanoTime() - startedNanos > maxRunNanos) {
                    LOG.debug("loader: run time used up; the rest waits for the next run");
                    return;
                }
                loadSegment(segment, snapshot, session, tally);
            }
        }
    }

    private void loadSegment(Path segment, RegistrySnapshot snapshot, LazySession session,
            Tally tally) throws IOException, WarehouseUnavailableException {
        long startedNanos = System.nanoTime();
        String name = segment.getFileName().toString();
        SortedSegment sorted = SortedSegment.sort(SegmentReader.read(segment), snapshot, name,
                clock.instant());

        SetAsideFile.write(SetAsideFile.rejectedFileFor(layout, segment), sorted.rejected());

        LoadOutcome outcome = sorted.batches().isEmpty() ? LoadOutcome.nothing()
                : session.get().load(sorted.batches());

        List<SetAsideRecord> deadLetters = sorted.deadLetters(outcome);
        SetAsideFile.write(SetAsideFile.deadLetterFileFor(layout, segment), deadLetters);

        archive(segment);

        count(sorted, outcome, deadLetters, tally);
        LOG.debug("loader: {} done in {} ms: {} new rows, {} rejected, {} dead-lettered",
                name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos),
                outcome.rowsInserted(), sorted.rejected().size(), deadLetters.size());
    }

    private void archive(Path segment) throws IOException {
        long sequence = SpoolLayout.sequenceOf(segment);
        Path target = layout.archive().resolve(SpoolLayout.fileName(sequence, SpoolLayout.LOADED));
        Files.setLastModifiedTime(segment, FileTime.from(clock.instant()));
        SpoolLayout.moveDurably(segment, target);
    }

    private void count(SortedSegment sorted, LoadOutcome outcome,
            List<SetAsideRecord> deadLetters, Tally tally) {
        long rows = 0;
        for (Map.Entry<Long, Long> pipeline : sorted.loadedByPipeline(outcome).entrySet()) {
            stats.recordRows(pipeline.getKey(), pipeline.getValue());
            rows += pipeline.getValue();
        }
        for (SetAsideRecord rejected : sorted.rejected()) {
            stats.recordSetAside(rejected.reason());
        }
        for (SetAsideRecord deadLetter : deadLetters) {
            stats.recordSetAside(deadLetter.reason());
        }
        stats.recordSegmentLoaded();

        tally.segments++;
        tally.rows += rows;
        tally.rejected += sorted.rejected().size();
        tally.deadLettered += deadLetters.size();
    }

    private void noteSuccess() {
        if (backoff.failedAttempts() > 0) {
            LOG.info("loader: loading again after {} failed attempts",
                    backoff.failedAttempts());
        }
        backoff.succeeded();
    }

    /** Backs off, logs the failure once at WARN, and returns it in words. */
    private String noteFailure(Exception failure) {
        long delayMillis = backoff.failed(clock.millis());
        String why = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        if (failure instanceof RuntimeException) {
            // Not an outage but a defect: the stack trace is what a bug report needs.
            LOG.warn("loader: run failed (attempt {}); next try in {} ms",
                    backoff.failedAttempts(), delayMillis, failure);
        } else {
            LOG.warn("loader: run failed (attempt {}); next try in {} ms; segments wait in"
                    + " the spool: {}", backoff.failedAttempts(), delayMillis, why);
        }
        return why;
    }

    private void purgeArchiveIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurgeAt)) {
            return;
        }
        nextPurgeAt = now.plus(PURGE_EVERY);
        try {
            ArchiveRetention.Purge purge =
                    ArchiveRetention.purge(layout, options.archiveRetention(), now);
            if (!purge.failed().isEmpty()) {
                LOG.warn("loader: could not delete {} archived segment(s) past retention: {}",
                        purge.failed().size(), purge.failed());
            }
            LOG.debug("loader: deleted {} archived segment(s) past retention", purge.deleted());
        } catch (IOException cannotList) {
            LOG.warn("loader: cannot list the archive to apply retention: {}",
                    cannotList.toString());
        }
    }

    /** Waits for a run in progress, then refuses further runs. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Opens the warehouse only when a segment has rows for it, and once per run. */
    private static final class LazySession implements AutoCloseable {
        private final Warehouse warehouse;
        private Warehouse.Session session;

        LazySession(Warehouse warehouse) {
            this.warehouse = warehouse;
        }

        Warehouse.Session get() throws WarehouseUnavailableException {
            if (session == null) {
                session = warehouse.openSession();
            }
            return session;
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }

    /** What the current run did so far. */
    private static final class Tally {
        int segments;
        long rows;
        int rejected;
        int deadLettered;

        RunReport report(RunReport.Outcome outcome, String failure) {
            return new RunReport(outcome, segments, rows, rejected, deadLettered, failure);
        }
    }
}
