package dev.hookhouse.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a sealed segment back into records. A line that does not parse (it can only come from
 * damage to the disk, since torn tails are cut at recovery) is returned as a {@link BadLine}
 * with its byte offset instead of stopping the read: one bad line must not hide the good ones.
 *
 * <p>{@link #scan} streams the file one line at a time, so a segment of any size can be read;
 * {@link #read} collects everything in memory for callers that want lists.
 */
public final class SegmentReader {

    private static final int READ_CHUNK_BYTES = 64 * 1024;

    /** A line that is not a valid record, kept with where it was found. */
    public record BadLine(long byteOffset, String problem, byte[] bytes) { }

    /** The records of one segment, and the lines that were not records. */
    public record Contents(List<SpoolRecord> records, List<BadLine> badLines) { }

    /** Receives the lines of a segment in file order. */
    public interface LineVisitor {

        void record(long byteOffset, SpoolRecord record) throws IOException;

        void badLine(BadLine line) throws IOException;
    }

    private SegmentReader() {
    }

    public static Contents read(Path segment) throws IOException {
        List<SpoolRecord> records = new ArrayList<>();
        List<BadLine> badLines = new ArrayList<>();
        scan(segment, new LineVisitor() {
            @Override
            public void record(long byteOffset, SpoolRecord record) {
                records.add(record);
            }

            @Override
            public void badLine(BadLine line) {
                badLines.add(line);
            }
        });
        return new Contents(records, badLines);
    }

    /** Hands every line of {@code segment} to {@code visitor}, holding one line at a time. */
    public static void scan(Path segment, LineVisitor visitor) throws IOException {
        byte[] chunk = new byte[READ_CHUNK_BYTES];
        LineBuffer line = new LineBuffer();
        long lineOffset = 0;

        try (InputStream in = Files.newInputStream(segment)) {
            int read;
            while ((read = in.read(chunk)) >= 0) {
                int from = 0;
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        line.append(chunk, from, i - from);
                        deliver(line, lineOffset, visitor);
                        lineOffset += line.size + 1;
                        line.size = 0;
                        from = i + 1;
                    }
                }
                line.append(chunk, from, read - from);
            }
        }

        if (line.size > 0) {
            deliver(line, lineOffset, visitor);
        }
    }

    private static void deliver(LineBuffer line, long byteOffset, LineVisitor visitor)
            throws IOException {
        SpoolRecord record;
        try {
            record = SpoolRecord.fromLine(line.bytes, 0, line.size);
        } catch (IllegalArgumentException notARecord) {
            byte[] raw = Arrays.copyOf(line.bytes, line.size);
            visitor.badLine(new BadLine(byteOffset, notARecord.getMessage(), raw));
            return;
        }
        visitor.record(byteOffset, record);
    }

    /** The bytes of the line being read; grows to the longest line and is then reused. */
    private static final class LineBuffer {
        byte[] bytes = new byte[READ_CHUNK_BYTES];
        int size;

        void append(byte[] source, int from, int length) {
            if (size + length > bytes.length) {
                long wanted = Math.max((long) bytes.length * 2, (long) size + length);
                bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 16));
            }
            System.arraycopy(source, from, bytes, size, length);
            size += length;
        }
    }
}
