package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading sealed segments back: every good line, and every bad one with its offset. */
class SegmentReaderTest {

    @TempDir
    Path dir;

    @Test
    void badLineIsReportedWithItsOffsetAndDoesNotHideTheLinesAfterIt() throws Exception {
        byte[] first = TestRecords.record(1).toLine();
        byte[] damaged = "{\"v\":1,\"id\":\u0000\u0000\n".getBytes(StandardCharsets.UTF_8);
        byte[] third = TestRecords.record(3).toLine();
        Path segment = write(first, damaged, third);

        SegmentReader.Contents contents = SegmentReader.read(segment);

        assertEquals(List.of(TestRecords.record(1), TestRecords.record(3)), contents.records());
        assertEquals(1, contents.badLines().size());
        SegmentReader.BadLine bad = contents.badLines().get(0);
        assertEquals(first.length, bad.byteOffset());
        assertArrayEquals(Arrays.copyOf(damaged, damaged.length - 1), bad.bytes());
    }

    @Test
    void scanGivesEachRecordWithItsByteOffset() throws Exception {
        byte[] first = TestRecords.record(1).toLine();
        byte[] huge = TestRecords.record(TestRecords.id(2),
                "\"" + "\\u0000".repeat(40_000) + "\"").toLine();
        byte[] third = TestRecords.record(3).toLine();
        Path segment = write(first, huge, third);

        List<Long> offsets = new ArrayList<>();
        SegmentReader.scan(segment, new SegmentReader.LineVisitor() {
            @Override
            public void record(long byteOffset, SpoolRecord record) {
                offsets.add(byteOffset);
            }

            @Override
            public void badLine(SegmentReader.BadLine line) {
                throw new AssertionError("no bad line expected: " + line.problem());
            }
        });

        assertEquals(List.of(0L, (long) first.length, (long) first.length + huge.length),
                offsets);
    }

    @Test
    void lastLineWithoutNewlineIsStillRead() throws Exception {
        byte[] line = TestRecords.record(1).toLine();
        Path segment = write(Arrays.copyOf(line, line.length - 1));

        assertEquals(List.of(TestRecords.record(1)), SegmentReader.read(segment).records());
    }

    private Path write(byte[]... lines) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            all.write(line);
        }
        Path segment = dir.resolve(SpoolLayout.fileName(1, SpoolLayout.SEALED));
        Files.write(segment, all.toByteArray());
        return segment;
    }
}
