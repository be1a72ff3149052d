package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.spool.SegmentReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    private static final Instant TIME = Instant.parse("2025-06-01T12:00:00Z");
    private static final List<Path> SEGMENTS = List.of(Path.of("1.sealed"),
            Path.of("2.sealed"), Path.of("3.sealed"));

    private static SortedSegment empty(Path segment) {
        return SortedSegment.sort(new SegmentReader.Contents(List.of(), List.of()),
                new TestRegistry().snapshot(), segment.toString(), TIME);
    }

    @Test
    void segmentsComeBackInOrderEachReadOnce() throws Exception {
        Map<Path, SortedSegment> read = new HashMap<>();
        Map<Path, Integer> reads = new HashMap<>();
        ReadAhead.SegmentSorter sorter = segment -> {
            synchronized (read) {
                reads.merge(segment, 1, Integer::sum);
                return read.computeIfAbsent(segment, ReadAheadTest::empty);
            }
        };

        try (ReadAhead readAhead = new ReadAhead(SEGMENTS, sorter)) {
            for (Path segment : SEGMENTS) {
                SortedSegment taken = readAhead.take();
                synchronized (read) {
                    assertSame(read.get(segment), taken);
                }
            }
        }
        assertEquals(Map.of(SEGMENTS.get(0), 1, SEGMENTS.get(1), 1, SEGMENTS.get(2), 1),
                reads);
    }

    @Test
    void theNextSegmentIsReadWhileTheCurrentOneIsInUse() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        ReadAhead.SegmentSorter sorter = segment -> {
            if (segment.equals(SEGMENTS.get(1))) {
                secondStarted.countDown();
            }
            return empty(segment);
        };

        try (ReadAhead readAhead = new ReadAhead(SEGMENTS, sorter)) {
            readAhead.take();

            // Nothing else is taken: the read of segment 2 runs on its own.
            assertTrue(secondStarted.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailedReadSurfacesAtItsSegmentsTurn() throws Exception {
        ReadAhead.SegmentSorter sorter = segment -> {
            if (segment.equals(SEGMENTS.get(1))) {
                throw new IOException("disk error in " + segment);
            }
            return empty(segment);
        };

        try (ReadAhead readAhead = new ReadAhead(SEGMENTS, sorter)) {
            assertEquals(0, readAhead.take().rejected().size());

            IOException failure = assertThrows(IOException.class, readAhead::take);
            assertEquals("disk error in 2.sealed", failure.getMessage());
        }
    }

    @Test
    void aDefectInTheReadIsRethrownAsIs() {
        ReadAhead.SegmentSorter sorter = segment -> {
            throw new IllegalStateException("bug");
        };

        try (ReadAhead readAhead = new ReadAhead(SEGMENTS, sorter)) {
            IllegalStateException failure =
                    assertThrows(IllegalStateException.class, readAhead::take);
            assertEquals("bug", failure.getMessage());
        }
    }
}
