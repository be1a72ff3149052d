package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where spool files live and how they move between areas. A file's state is its directory and
 * suffix; names are zero-padded sequence numbers so that {@code ls} lists them in order.
 *
 * <pre>
 * spool/
 *   incoming/00000000000000000042.open      being written; never read by the loader
 *   incoming/00000000000000000041.sealed    complete and fsynced; waiting for the loader
 *   archive/00000000000000000040.loaded     loaded into the warehouse; kept for replay
 *   rejected/00000000000000000040.rejected  records that failed authentication, with reasons
 *   dead-letter/00000000000000000040.dead   records the warehouse refused, with its error
 * </pre>
 *
 * <p>Every move is an atomic rename followed by an fsync of both directories, so after a crash
 * a file is in exactly one area.
 */
public final class SpoolLayout {

    public static final String OPEN = ".open";
    public static final String SEALED = ".sealed";
    public static final String LOADED = ".loaded";
    public static final String REJECTED = ".rejected";
    public static final String DEAD = ".dead";

    private static final int NAME_DIGITS = 20;

    private final Path root;

    public SpoolLayout(Path root) {
        this.root = root;
    }

    /** Creates the area directories if missing and makes their creation durable. */
    public SpoolLayout create() throws IOException {
        for (Path area : List.of(incoming(), archive(), rejected(), deadLetter())) {
            if (!Files.isDirectory(area)) {
                Files.createDirectories(area);
                fsyncDirectory(area.getParent());
            }
        }
        return this;
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

    /** The sequence number of a spool file name, or -1 if it is not one. */
    public static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot != NAME_DIGITS) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, dot));
        } catch (NumberFormatException notOurs) {
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

    /** The highest sequence number used in any area, 0 if none. */
    public long highestSequence() throws IOException {
        long highest = 0;
        for (Path area : List.of(incoming(), archive(), rejected(), deadLetter())) {
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
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
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
