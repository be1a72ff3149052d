package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real spool on a real directory whose disk fails on request. Each test reopens the spool
 * afterwards, as a restart would, and reads the files back: every acknowledged record is in a
 * sealed segment exactly once, and no refused one is there.
 */
class SpoolFaultInjectionTest {

    private static final long ONE_HOUR_MILLIS = 3_600_000;

    @TempDir
    Path dir;

    private final FaultySegmentFiles disk = new FaultySegmentFiles();
    private final TestClock clock = new TestClock(1_700_000_000_000L);
    private Spool spool;

    @BeforeEach
    void openSpool() throws Exception {
        spool = Spool.open(dir, new SpoolOptions(ONE_HOUR_MILLIS, 64L << 20, true), clock, disk);
    }

    @AfterEach
    void closeSpool() {
        spool.close();
    }

    @Test
    void failedWriteRefusesOnlyItsBatchAndLeavesNoPartialLine() throws Exception {
        spool.append(TestRecords.record(1));

        disk.failWriteAfterBytes(25);
        assertThrows(SpoolUnavailableException.class, () -> spool.append(TestRecords.record(2)));

        spool.append(TestRecords.record(3));
        assertStoredAfterRestart(Set.of(1L, 3L), Set.of(2L));
        assertEquals(1, spool.stats().failedBatches());
        assertEquals(clock.millis(), spool.stats().lastFailureMillis());
    }

    @Test
    void failedFsyncRefusesOnlyItsBatchAndCutsItsWrittenBytes() throws Exception {
        spool.append(TestRecords.record(1));

        disk.failNextDataForce();
        SpoolUnavailableException refused = assertThrows(SpoolUnavailableException.class,
                () -> spool.append(TestRecords.record(2)));

        spool.append(TestRecords.record(3));
        assertTrue(refused.getCause().getMessage().contains("injected fsync failure"),
                refused.getCause().getMessage());
        assertStoredAfterRestart(Set.of(1L, 3L), Set.of(2L));
    }

    @Test
    void segmentThatSawAFailureIsSealedAndWritingMovesToANewOne() throws Exception {
        spool.append(TestRecords.record(1));

        disk.failNextDataForce();
        assertThrows(SpoolUnavailableException.class, () -> spool.append(TestRecords.record(2)));
        spool.runWriterPass();

        List<Path> sealed = spool.layout().sealedSegments();
        assertEquals(1, sealed.size(), "the failed batch's segment is sealed at once");
        assertEquals(List.of(TestRecords.id(1)), idsIn(sealed.get(0)));
        spool.append(TestRecords.record(3));
        assertEquals(1, SpoolFiles.openSegments(dir).size(), "the next batch opened a new file");
    }

    @Test
    void fullDiskRefusesAppendsUntilSpaceReturns() throws Exception {
        spool.append(TestRecords.record(1));

        disk.diskFull(true);
        for (long n = 2; n <= 4; n++) {
            long refused = n;
            assertThrows(SpoolUnavailableException.class,
                    () -> spool.append(TestRecords.record(refused)));
        }
        disk.diskFull(false);

        spool.append(TestRecords.record(5));
        assertEquals(3, spool.stats().failedBatches());
        assertStoredAfterRestart(Set.of(1L, 5L), Set.of(2L, 3L, 4L));
    }

    @Test
    void failedDirectoryFsyncOfANewSegmentRefusesItsBatchAndRemovesTheFile() throws Exception {
        disk.failNextDirectoryFsync();
        assertThrows(SpoolUnavailableException.class, () -> spool.append(TestRecords.record(1)));
        assertEquals(List.of(), SpoolFiles.openSegments(dir), "the unsynced file is gone");

        spool.append(TestRecords.record(2));
        assertStoredAfterRestart(Set.of(2L), Set.of(1L));
    }

    @Test
    void failedDirectoryFsyncAfterTheSealRenameLeavesTheSegmentSealed() throws Exception {
        spool.append(TestRecords.record(1));

        disk.failNextDirectoryFsync();
        clock.advanceMillis(ONE_HOUR_MILLIS);
        spool.runWriterPass();

        assertEquals(1, spool.layout().sealedSegments().size());
        assertEquals(0, spool.stats().strandedSegments());
        spool.append(TestRecords.record(2));
        assertStoredAfterRestart(Set.of(1L, 2L), Set.of());
    }

    @Test
    void errorThrownInsideTheWriterRefusesItsBatchButKeepsTheWriterAlive() throws Exception {
        disk.throwErrorOnNextWrite();
        SpoolUnavailableException refused = assertThrows(SpoolUnavailableException.class,
                () -> spool.append(TestRecords.record(1)));
        assertInstanceOf(OutOfMemoryError.class, refused.getCause());

        spool.append(TestRecords.record(2));
        assertStoredAfterRestart(Set.of(2L), Set.of(1L));
    }

    @Test
    void segmentThatCannotBeCutBackIsStrandedUntilARetrySealsIt() throws Exception {
        spool.append(TestRecords.record(1));

        disk.failNextDataForce();
        disk.failNextTruncate();
        assertThrows(SpoolUnavailableException.class, () -> spool.append(TestRecords.record(2)));
        assertEquals(1, spool.stats().strandedSegments());
        assertEquals(List.of(), spool.layout().sealedSegments());

        spool.append(TestRecords.record(3));
        clock.advanceMillis(ONE_HOUR_MILLIS);
        spool.runWriterPass();
        assertEquals(0, spool.stats().strandedSegments(), "the retry cut and sealed it");
        assertStoredAfterRestart(Set.of(1L, 3L), Set.of(2L));
    }

    @Test
    void concurrentAppendsThroughRepeatedFaultsAckOnlyWhatIsStored() throws Exception {
        int threads = 8;
        int appendsPerThread = 60;
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Set<Long> refused = ConcurrentHashMap.newKeySet();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long first = (long) t * appendsPerThread;
            boolean injector = t == 0;
            done.add(pool.submit(() -> appendRange(first, appendsPerThread, injector, acked,
                    refused)));
        }
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(threads * appendsPerThread, acked.size() + refused.size());
        assertTrue(refused.size() >= 1, "faults were injected and hit: " + refused.size());
        assertStoredAfterRestart(acked, refused);
    }

    private Void appendRange(long first, int count, boolean injector, Set<Long> acked,
            Set<Long> refused) {
        for (long n = first; n < first + count; n++) {
            if (injector && n % 10 == 5 && n < first + count / 2) {
                injectOneFault(n);
            }
            try {
                spool.append(TestRecords.record(n));
                acked.add(n);
            } catch (SpoolUnavailableException expected) {
                refused.add(n);
            }
        }
        return null;
    }

    private void injectOneFault(long n) {
        if (n % 20 == 5) {
            disk.failWriteAfterBytes(n % 90);
        } else {
            disk.failNextDataForce();
        }
    }

    private void assertStoredAfterRestart(Set<Long> acked, Set<Long> refused) throws Exception {
        spool.close();
        SpoolFiles.reopen(dir);

        Map<String, Integer> counts = SpoolFiles.sealedIdCounts(dir);
        List<Long> notExactlyOnce = new ArrayList<>();
        for (long n : acked) {
            if (counts.getOrDefault(TestRecords.id(n), 0) != 1) {
                notExactlyOnce.add(n);
            }
        }
        List<Long> storedThoughRefused = new ArrayList<>();
        for (long n : refused) {
            if (counts.containsKey(TestRecords.id(n))) {
                storedThoughRefused.add(n);
            }
        }
        Collections.sort(notExactlyOnce);
        Collections.sort(storedThoughRefused);

        assertEquals(List.of(), notExactlyOnce, "acknowledged but not stored exactly once");
        assertEquals(List.of(), storedThoughRefused, "refused but stored");
        assertEquals(acked.size(), counts.size(), "nothing else is stored");
        assertEquals(List.of(), SpoolFiles.badLines(dir), "no partial or damaged line");
        assertEquals(List.of(), SpoolFiles.openSegments(dir));
    }

    private static List<String> idsIn(Path segment) throws Exception {
        return SegmentReader.read(segment).records().stream().map(SpoolRecord::requestId)
                .toList();
    }
}
