package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup recovery: turns every segment a crash left open into a sealed one.
 *
 * <p>A crash can leave the last line of an open segment half written. That line was never
 * acknowledged (acks wait for fsync of whole lines), so it is cut off: the file is truncated
 * after its last complete, parseable line. Each repair is logged with the file and the byte
 * offset. An open segment with no complete line is deleted.
 */
final class SpoolRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

    private SpoolRecovery() {
    }

    /** Seals every {@code .open} segment; returns how many bytes were cut in all. */
    static long sealLeftovers(SpoolLayout layout) throws IOException {
        long bytesCut = 0;
        for (Path open : SpoolLayout.list(layout.incoming(), SpoolLayout.OPEN)) {
            bytesCut += recover(open);
        }
        return bytesCut;
    }

    private static long recover(Path open) throws IOException {
        byte[] bytes = Files.readAllBytes(open);
        int keep = lengthOfCompleteLines(bytes);
        long cut = bytes.length - keep;

        if (cut > 0) {
            try (FileChannel channel = FileChannel.open(open, StandardOpenOption.WRITE)) {
                channel.truncate(keep);
                channel.force(true);
            }
            LOG.warn("spool recovery: {} had a torn last line; cut {} bytes at byte offset {}",
                    open, cut, keep);
        }

        if (keep == 0) {
            Files.delete(open);
            SpoolLayout.fsyncDirectory(open.getParent());
            LOG.info("spool recovery: removed {}, which held no complete line", open);
            return cut;
        }

        Path sealed = open.resolveSibling(open.getFileName().toString()
                .replace(SpoolLayout.OPEN, SpoolLayout.SEALED));
        SpoolLayout.moveDurably(open, sealed);
        LOG.info("spool recovery: sealed {} ({} bytes) left open by the last run",
                sealed.getFileName(), keep);
        return cut;
    }

    /**
     * The length of the prefix made of whole lines, where the last whole line must also parse
     * as a record. Lines before it are kept even if damaged: the loader sets them aside, and
     * cutting there could drop acknowledged lines that follow.
     */
    static int lengthOfCompleteLines(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        while (end > 0) {
            int lineStart = end - 1;
            while (lineStart > 0 && bytes[lineStart - 1] != '\n') {
                lineStart--;
            }
            if (parses(bytes, lineStart, end - 1 - lineStart)) {
                return end;
            }
            end = lineStart;
        }
        return 0;
    }

    private static boolean parses(byte[] bytes, int offset, int length) {
        try {
            SpoolRecord.fromLine(bytes, offset, length);
            return true;
        } catch (IllegalArgumentException torn) {
            return false;
        }
    }
}
