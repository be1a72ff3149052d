package dev.hookhouse.ops;

import dev.hookhouse.loader.SetAsideFile;
import dev.hookhouse.loader.SetAsideRecord;
import dev.hookhouse.spool.SegmentReader;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Re-queues records for loading: picks archived, dead-letter or rejected records by request
 * time and pipeline, and writes them, unchanged, as new sealed segments in {@code incoming/}.
 * The loader takes them like any other segment; since it loads idempotently by request id,
 * rows already in the warehouse stay as they are, and records that were refused (a dead-letter
 * row after the table was fixed, a rejected one after its pipeline was enabled) land now.
 *
 * <p><b>Numbering.</b> A running server numbers its segments from the highest number it found
 * at start, in memory, and creates each one with its next number. A replay segment must never
 * take a number that writer may still use (two segments with one name, or one segment's
 * rejected file replacing another's). The spool's lock cannot help: the server holds it for
 * as long as it runs. So a replay numbers its segments {@value #REPLAY_NUMBER_OFFSET} past the
 * highest number in any area, a range a writer reaches only after that many segments (at two
 * seals a second, over fifteen thousand years), and a server started later continues above
 * the replay's numbers as usual. The numbers are still plain segment numbers: replayed
 * segments sort after the writer's, are loaded, archived and purged like them, and show their
 * origin in {@code ls} by that leading 1 (00000001000000000042.sealed replayed after 42).
 *
 * <p><b>Durability.</b> Each segment is written whole through {@link SpoolLayout#writeDurably}
 * (temporary name, fsync, atomic rename, directory fsync), so the loader never sees half of
 * one. Two replays at once are kept apart by {@code spool/replay.lock}. A replay stopped
 * halfway leaves the segments it completed; running it again is harmless.
 *
 * <p>Every file of the chosen area is read: load times say nothing certain about request
 * times, and the archive holds at most {@code hookhouse.spool.archive-retention-hours}.
 */
public final class Replay {

    static final long REPLAY_NUMBER_OFFSET = 1_000_000_000_000L;
    static final String LOCK_FILE = "replay.lock";
    private static final long SEGMENT_BYTES = 32L * 1024 * 1024;

    /** Where records are replayed from. */
    public enum Area {
        ARCHIVE("archive"), DEAD_LETTER("dead-letter"), REJECTED("rejected");

        private final String label;

        Area(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** {@code archive}, {@code dead-letter} or {@code rejected}. */
        public static Area of(String label) {
            for (Area area : values()) {
                if (area.label.equals(label)) {
                    return area;
                }
            }
            throw new IllegalArgumentException("'" + label
                    + "' is not an area: use archive, dead-letter or rejected");
        }
    }

    /**
     * Which records to replay: request time in {@code [from, to)}, either bound optional, and
     * one pipeline or all.
     */
    public record Selection(Area area, Instant from, Instant to, Long pipelineId) {

        public Selection {
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("--from " + from + " is not before --to "
                        + to);
            }
        }

        boolean matches(SpoolRecord record) {
            if (pipelineId != null && record.pipelineId() != pipelineId) {
                return false;
            }
            BigDecimal time = new BigDecimal(record.timestamp());
            return (from == null || time.compareTo(RequestTimes.epochSeconds(from)) >= 0)
                    && (to == null || time.compareTo(RequestTimes.epochSeconds(to)) < 0);
        }
    }

    /** One file read, and how many of its records were chosen. */
    public record Source(String file, int records) {
    }

    /** One segment written, or that a dry run would write. */
    public record Segment(String file, int records, long bytes) {
    }

    /**
     * What a replay did or would do.
     *
     * @param duplicates records chosen more than once (the same request id in two files, as
     *     after an earlier replay); each id is replayed once
     * @param unreplayable set-aside lines without a record (corrupt spool lines)
     */
    public record Outcome(boolean dryRun, List<Source> sources, List<Segment> segments,
            int records, int duplicates, int unreplayable) {
    }

    private final SpoolLayout layout;
    private final Selection selection;
    private final boolean dryRun;
    private final List<Source> sources = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final Set<String> chosenIds = new HashSet<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int pendingRecords;
    private int duplicates;
    private int unreplayable;
    private long nextNumber;

    private Replay(SpoolLayout layout, Selection selection, boolean dryRun) {
        this.layout = layout;
        this.selection = selection;
        this.dryRun = dryRun;
    }

    /**
     * Replays the records {@code selection} picks from the spool at {@code spoolDir}; with
     * {@code dryRun}, writes nothing and says what it would write.
     *
     * @throws IOException if the spool cannot be read or written, or another replay runs
     */
    public static Outcome run(Path spoolDir, Selection selection, boolean dryRun)
            throws IOException {
        SpoolLayout layout = new SpoolLayout(spoolDir);
        if (!Files.isDirectory(layout.incoming())) {
            throw new IOException("no spool at " + spoolDir.toAbsolutePath()
                    + " (hookhouse.spool.dir)");
        }
        try (FileChannel lockFile = FileChannel.open(spoolDir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockAgainstOtherReplays(lockFile)) {
            Replay replay = new Replay(layout, selection, dryRun);
            replay.nextNumber = firstReplayNumber(layout);
            return replay.readArea();
        }
    }

    private static long firstReplayNumber(SpoolLayout layout) throws IOException {
        long highest = layout.highestSequence();
        if (highest > Long.MAX_VALUE / 2) {
            throw new IOException("segment numbers are near their end (" + highest
                    + "); empty the spool's areas before replaying");
        }
        return highest + REPLAY_NUMBER_OFFSET;
    }

    private static FileLock lockAgainstOtherReplays(FileChannel lockFile) throws IOException {
        try {
            FileLock lock = lockFile.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException sameProcess) {
            // Refused below like another process's replay.
        }
        throw new IOException("another replay is running on this spool ("
                + LOCK_FILE + " is locked); try again when it is done");
    }

    private Outcome readArea() throws IOException {
        switch (selection.area()) {
            case ARCHIVE -> readSegments(layout.archive(), SpoolLayout.LOADED);
            case DEAD_LETTER -> readSetAside(layout.deadLetter(), SpoolLayout.DEAD);
            case REJECTED -> readSetAside(layout.rejected(), SpoolLayout.REJECTED);
        }
        flush();
        return new Outcome(dryRun, List.copyOf(sources), List.copyOf(segments),
                chosenIds.size(), duplicates, unreplayable);
    }

    private void readSegments(Path area, String suffix) throws IOException {
        for (Path segment : SpoolLayout.list(area, suffix)) {
            int before = chosenIds.size() + duplicates;
            for (SpoolRecord record : SegmentReader.read(segment).records()) {
                offer(record);
            }
            noteSource(segment, chosenIds.size() + duplicates - before);
        }
    }

    private void readSetAside(Path area, String suffix) throws IOException {
        for (Path file : SpoolLayout.list(area, suffix)) {
            int before = chosenIds.size() + duplicates;
            for (SetAsideRecord entry : SetAsideFile.read(file)) {
                if (entry.record() == null) {
                    unreplayable++;
                } else {
                    offer(entry.record());
                }
            }
            noteSource(file, chosenIds.size() + duplicates - before);
        }
    }

    private void noteSource(Path file, int chosen) {
        if (chosen > 0) {
            sources.add(new Source(file.getFileName().toString(), chosen));
        }
    }

    private void offer(SpoolRecord record) throws IOException {
        if (!selection.matches(record)) {
            return;
        }
        if (!chosenIds.add(record.requestId())) {
            duplicates++;
            return;
        }
        pending.write(record.toLine());
        pendingRecords++;
        if (pending.size() >= SEGMENT_BYTES) {
            flush();
        }
    }

    /** Writes what is pending as one sealed segment (or notes it, in a dry run). */
    private void flush() throws IOException {
        if (pendingRecords == 0) {
            return;
        }
        String name = SpoolLayout.fileName(nextNumber++, SpoolLayout.SEALED);
        if (!dryRun) {
            SpoolLayout.writeDurably(layout.incoming().resolve(name), pending.toByteArray());
        }
        segments.add(new Segment(name, pendingRecords, pending.size()));
        pending.reset();
        pendingRecords = 0;
    }
}
