package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only figures operations will watch: stats, backlog, queue depth. */
class SpoolOperationsTest {

    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(NOW);

    @Test
    void statsCountAcknowledgedRecordsBytesAndTheOpenSegment() throws Exception {
        try (Spool spool = Spool.open(dir, new SpoolOptions(60_000, 64L << 20, true), clock)) {
            long lineBytes = 0;
            for (int n = 0; n < 3; n++) {
                spool.append(TestRecords.record(n));
                lineBytes += TestRecords.record(n).toLine().length;
            }

            assertEquals(3, spool.stats().records());
            assertEquals(3, spool.stats().batches());
            assertEquals(lineBytes, spool.stats().bytes());
            assertEquals(lineBytes, spool.stats().openSegmentBytes());
            assertEquals(NOW, spool.stats().lastSuccessMillis());
            assertEquals(-1, spool.stats().lastFailureMillis());
            assertEquals(0, spool.queuedAppends());
        }
    }

    @Test
    void backlogCountsSealedSegmentsTheirBytesAndTheOldestAge() throws Exception {
        try (Spool spool = Spool.open(dir, new SpoolOptions(60_000, 64L << 20, true), clock)) {
            assertEquals(new SpoolBacklog(0, 0, -1), spool.backlog());

            sealOneSegment(spool, 1);
            sealOneSegment(spool, 2);
            List<Path> sealed = spool.layout().sealedSegments();
            Files.setLastModifiedTime(sealed.get(0), FileTime.fromMillis(clock.millis() - 90_000));
            Files.setLastModifiedTime(sealed.get(1), FileTime.fromMillis(clock.millis() - 5_000));

            long bytes = Files.size(sealed.get(0)) + Files.size(sealed.get(1));
            assertEquals(new SpoolBacklog(2, bytes, 90_000), spool.backlog());
        }
    }

    @Test
    void optionsRefuseValuesThatWouldNeverSeal() {
        assertThrows(IllegalArgumentException.class, () -> new SpoolOptions(0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new SpoolOptions(1, 0, true));
    }

    private void sealOneSegment(Spool spool, long n) throws Exception {
        spool.append(TestRecords.record(n));
        clock.advanceMillis(60_000);
        spool.runWriterPass();
    }
}
