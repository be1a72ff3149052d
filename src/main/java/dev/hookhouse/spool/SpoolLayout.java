package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where spool files live and how they move between areas. A file's state is its directory and
 * suffix; its name is a sequence number, zero-padded to 20 digits so that {@code ls} lists files
 * in the order they were written. See {@code docs/spool-format.md} for the operator's view.
 *
 * <pre>
 * spool/
 *   lock                                    held by the one process that writes this spool
 *   incoming/00000000000000000042.open      being written; never read by the loader
 *   incoming/00000000000000000041.sealed    complete and fsynced; waiting for the loader
 *   archive/00000000000000000040.loaded     loaded into the warehouse; kept for replay
 *   rejected/00000000000000000040.rejected  records that failed authentication, with reasons
 *   dead-letter/00000000000000000040.dead   records the warehouse refused, with its error
 *   any area/NAME.tmp                       a durable write in progress; removed at start
 * </pre>
 *
 * <p><b>Guarantees.</b> Every move is an atomic rename followed by an fsync of both
 * directories, so after a crash a file is in exactly one area under exactly one name. A file
 * is written whole before it gets its final name ({@link #writeDurably}). Sequence numbers only
 * grow: a new spool continues after the highest number found in any area, so deleting old
 * archives never reuses a name unless every area is emptied. Numbers can have gaps (a segment
 * whose first batch failed is removed).
 */
public final class SpoolLayout {

    public static final String OPEN = ".open";
    public static final String SEALED = ".sealed";
    public static final String LOADED = ".loaded";
    public static final String REJECTED = ".rejected";
    public static final String DEAD = ".dead";
    /** A file being written by {@link #writeDurably}; never complete, removed at start. */
    public static final String TEMP = ".tmp";

    private static final int NAME_DIGITS = 20;
    private static final String LOCK_FILE = "lock";

    private final Path root;

    public SpoolLayout(Path root) {
        this.root = root;
    }

    /** Creates the root and area directories if missing and makes their creation durable. */
    public SpoolLayout create() throws IOException {
        createDurably(root.toAbsolutePath());
        for (Path area : areas()) {
            createDurably(area);
        }
        return this;
    }

    private static void createDurably(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            createDurably(parent);
        }
        Files.createDirectory(directory);
        if (parent != null) {
            fsyncDirectory(parent);
        }
    }

    /**
     * Takes the spool's lock file, so that a second process cannot open the same spool: its
     * start-up recovery would otherwise cut and seal the first one's open segment. The
     * operating system releases the lock if the process dies.
     *
     * @throws IOException if another process (or this one) already holds it
     */
    public FileLock lockExclusively() throws IOException {
        FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException heldHere) {
            // Falls through to the same refusal: this process already has the spool open.
        }
        channel.close();
        throw new IOException("spool " + root.toAbsolutePath() + " is in use by another "
                + "Hookhouse process (" + root.resolve(LOCK_FILE) + " is locked)");
    }

    /** The four areas, in the order a segment moves through them. */
    public List<Path> areas() {
        return List.of(incoming(), archive(), rejected(), deadLetter());
    }

    public Path root() {
        return root;
    }

    public Path incoming() {
        return root.resolve("incoming");
    }

    public Path archive() {
        return root.resolve("archive");
    }

    public Path rejected() {
        return root.resolve("rejected");
    }

    public Path deadLetter() {
        return root.resolve("dead-letter");
    }

    public static String fileName(long sequence, String suffix) {
        String digits = Long.toString(sequence);
        return "0".repeat(Math.max(0, NAME_DIGITS - digits.length())) + digits + suffix;
    }

    /** {@code incoming/N.open} becomes {@code incoming/N.sealed}. */
    public static Path sealedNameOf(Path open) {
        String name = open.getFileName().toString();
        if (!name.endsWith(OPEN)) {
            throw new IllegalArgumentException("not an open segment: " + open);
        }
        String stem = name.substring(0, name.length() - OPEN.length());
        return open.resolveSibling(stem + SEALED);
    }

    /** The sequence number of a spool file name, or -1 if it is not one. */
    public static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() <= NAME_DIGITS || name.charAt(NAME_DIGITS) != '.') {
            return -1;
        }
        for (int i = 0; i < NAME_DIGITS; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name.substring(0, NAME_DIGITS));
        } catch (NumberFormatException beyondLong) {
            return -1;
        }
    }

    /** Files of one area with one suffix, oldest (lowest sequence) first. */
    public static List<Path> list(Path area, String suffix) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(area)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(area, "*" + suffix)) {
            for (Path entry : entries) {
                if (sequenceOf(entry) >= 0) {
                    files.add(entry);
                }
            }
        }
        files.sort((a, b) -> Long.compare(sequenceOf(a), sequenceOf(b)));
        return files;
    }

    /** Sealed segments waiting for the loader, in the order they were written. */
    public List<Path> sealedSegments() throws IOException {
        return list(incoming(), SEALED);
    }

    /** Count, bytes and age of the sealed segments waiting for the loader. */
    public SpoolBacklog sealedBacklog(long nowMillis) throws IOException {
        int count = 0;
        long bytes = 0;
        long oldestModifiedMillis = Long.MAX_VALUE;
        for (Path segment : sealedSegments()) {
            try {
                bytes += Files.size(segment);
                oldestModifiedMillis = Math.min(oldestModifiedMillis,
                        Files.getLastModifiedTime(segment).toMillis());
                count++;
            } catch (NoSuchFileException loadedMeanwhile) {
                // The loader moved it while we looked; it is no longer waiting.
            }
        }
        long oldestAgeMillis = oldestModifiedMillis == Long.MAX_VALUE ? -1
                : Math.max(0, nowMillis - oldestModifiedMillis);
        return new SpoolBacklog(count, bytes, oldestAgeMillis);
    }

    /** The highest sequence number used in any area, 0 if none. */
    public long highestSequence() throws IOException {
        long highest = 0;
        for (Path area : areas()) {
            if (!Files.isDirectory(area)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(area)) {
                for (Path entry : entries) {
                    highest = Math.max(highest, sequenceOf(entry));
                }
            }
        }
        return highest;
    }

    /**
     * Renames {@code source} to {@code target} atomically and makes the rename durable by
     * fsyncing both parent directories.
     */
    public static void moveDurably(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException crossDevice) {
            throw new IOException("spool areas must be on one filesystem: cannot rename "
                    + source + " to " + target, crossDevice);
        }
        fsyncDirectory(target.getParent());
        if (!source.getParent().equals(target.getParent())) {
            fsyncDirectory(source.getParent());
        }
    }

    /**
     * Writes {@code content} to {@code target} through a temporary file: write, force, atomic
     * rename, fsync of the directory. A reader never sees a half-written file.
     */
    public static void writeDurably(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        moveDurably(temp, target);
    }

    /** Makes entries created, renamed or deleted in {@code directory} survive a power loss. */
    public static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
