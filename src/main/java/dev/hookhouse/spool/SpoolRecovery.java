package dev.hookhouse.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery, run by {@link Spool#open} before anything else uses the spool directory.
 * Two passes, each repair logged with the file and the byte offset:
 * <ol>
 *   <li><b>Temp files.</b> A {@code *.tmp} in any area is a {@link SpoolLayout#writeDurably}
 *       that never reached its rename, so nothing relies on it: it is removed.
 *   <li><b>Open segments.</b> Every {@code incoming/N.open} a crash left behind is cut after its
 *       last complete line that parses as a record, forced, and sealed. The cut-off tail was
 *       never acknowledged: acks wait for the fsync of whole lines. An open segment with no
 *       such line is removed.
 * </ol>
 *
 * <p>Damaged lines before the last good one are kept: cutting there would drop acknowledged
 * lines after them, and {@link SegmentReader} reports them as bad lines for the loader to set
 * aside. The tail is scanned backwards, so a large segment is not read whole.
 */
final class SpoolRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);
    private static final int SCAN_BLOCK_BYTES = 64 * 1024;
    private static final long LONGEST_READABLE_LINE = Integer.MAX_VALUE - 16;

    /** What recovery did to one open segment. */
    record RecoveredSegment(Path openFile, long originalBytes, long keptBytes,
            int droppedCompleteLines, boolean removed) {

        long cutBytes() {
            return originalBytes - keptBytes;
        }
    }

    /** Everything one recovery run changed. */
    record Report(List<Path> removedTempFiles, List<RecoveredSegment> segments) {

        long bytesCut() {
            return segments.stream().mapToLong(RecoveredSegment::cutBytes).sum();
        }
    }

    private SpoolRecovery() {
    }

    static Report run(SpoolLayout layout) throws IOException {
        List<Path> removedTempFiles = removeTempFiles(layout);

        List<RecoveredSegment> segments = new ArrayList<>();
        for (Path open : SpoolLayout.list(layout.incoming(), SpoolLayout.OPEN)) {
            segments.add(recover(open));
        }
        return new Report(removedTempFiles, segments);
    }

    private static List<Path> removeTempFiles(SpoolLayout layout) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path area : layout.areas()) {
            int removedBefore = removed.size();
            try (DirectoryStream<Path> temps =
                    Files.newDirectoryStream(area, "*" + SpoolLayout.TEMP)) {
                for (Path temp : temps) {
                    Files.delete(temp);
                    removed.add(temp);
                    LOG.warn("spool recovery: removed {}, an unfinished write", temp);
                }
            }
            if (removed.size() > removedBefore) {
                SpoolLayout.fsyncDirectory(area);
            }
        }
        return removed;
    }

    static RecoveredSegment recover(Path open) throws IOException {
        long originalBytes;
        TailCut cut;
        try (FileChannel channel = FileChannel.open(open, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            originalBytes = channel.size();
            cut = findCut(channel);
            if (cut.keepBytes < originalBytes) {
                channel.truncate(cut.keepBytes);
                channel.force(true);
                LOG.warn("spool recovery: {} had a torn tail; cut {} bytes at byte offset {} "
                        + "({} complete lines in it did not parse)", open,
                        originalBytes - cut.keepBytes, cut.keepBytes, cut.droppedCompleteLines);
            }
        }

        boolean removed = cut.keepBytes == 0;
        if (removed) {
            Files.delete(open);
            SpoolLayout.fsyncDirectory(open.getParent());
            LOG.info("spool recovery: removed {}, which held no complete record", open);
        } else {
            Path sealed = SpoolLayout.sealedNameOf(open);
            SpoolLayout.moveDurably(open, sealed);
            LOG.info("spool recovery: sealed {} ({} bytes) left open by the last run",
                    sealed.getFileName(), cut.keepBytes);
        }
        return new RecoveredSegment(open, originalBytes, cut.keepBytes,
                cut.droppedCompleteLines, removed);
    }

    /** Where a file's good part ends, and how many complete but unparseable lines follow. */
    private record TailCut(long keepBytes, int droppedCompleteLines) {
    }

    private static TailCut findCut(FileChannel channel) throws IOException {
        long end = endOfLastNewline(channel, channel.size());
        int dropped = 0;
        while (end > 0) {
            long start = endOfLastNewline(channel, end - 1);
            if (isRecord(channel, start, end - 1)) {
                return new TailCut(end, dropped);
            }
            dropped++;
            end = start;
        }
        return new TailCut(0, dropped);
    }

    /** The offset just past the last {@code \n} before {@code limit}, or 0 if there is none. */
    private static long endOfLastNewline(FileChannel channel, long limit) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(SCAN_BLOCK_BYTES);
        long blockEnd = limit;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - SCAN_BLOCK_BYTES);
            block.clear().limit((int) (blockEnd - blockStart));
            readFully(channel, block, blockStart);
            for (int i = block.limit() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return blockStart + i + 1;
                }
            }
            blockEnd = blockStart;
        }
        return 0;
    }

    private static boolean isRecord(FileChannel channel, long start, long contentEnd)
            throws IOException {
        long length = contentEnd - start;
        if (length > LONGEST_READABLE_LINE) {
            return false;
        }
        ByteBuffer line = ByteBuffer.allocate((int) length);
        readFully(channel, line, start);
        try {
            SpoolRecord.fromLine(line.array(), 0, line.limit());
            return true;
        } catch (IllegalArgumentException torn) {
            return false;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("segment shrank while recovery read it at " + at);
            }
            at += read;
        }
    }
}
