package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a sealed segment back into records. A line that does not parse (it can only come from
 * damage to the disk, since torn tails are cut at recovery) is returned as a {@link BadLine}
 * with its byte offset instead of stopping the read: one bad line must not hide the good ones.
 */
public final class SegmentReader {

    /** A line that is not a valid record, kept with where it was found. */
    public record BadLine(long byteOffset, String problem, byte[] bytes) { }

    /** The records of one segment, and the lines that were not records. */
    public record Contents(List<SpoolRecord> records, List<BadLine> badLines) { }

    private SegmentReader() {
    }

    public static Contents read(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        List<SpoolRecord> records = new ArrayList<>();
        List<BadLine> badLines = new ArrayList<>();

        int lineStart = 0;
        while (lineStart < bytes.length) {
            int lineEnd = indexOfNewline(bytes, lineStart);
            int contentEnd = lineEnd < 0 ? bytes.length : lineEnd;
            try {
                records.add(SpoolRecord.fromLine(bytes, lineStart, contentEnd - lineStart));
            } catch (IllegalArgumentException notARecord) {
                byte[] raw = java.util.Arrays.copyOfRange(bytes, lineStart, contentEnd);
                badLines.add(new BadLine(lineStart, notARecord.getMessage(), raw));
            }
            lineStart = contentEnd + 1;
        }
        return new Contents(records, badLines);
    }

    static int indexOfNewline(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
