package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the open segment becomes sealed, and what close() promises. */
class SpoolSealingTest {

    private static final long MINUTE_MILLIS = 60_000;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(1_700_000_000_000L);

    @Test
    void openSegmentIsSealedWhenItReachesTheSealAge() throws Exception {
        try (Spool spool = Spool.open(dir, new SpoolOptions(MINUTE_MILLIS, 64L << 20, true),
                clock)) {
            spool.append(TestRecords.record(1));

            clock.advanceMillis(MINUTE_MILLIS - 1);
            spool.runWriterPass();
            assertEquals(0, spool.layout().sealedSegments().size(), "one ms too young");
            assertEquals(1, SpoolFiles.openSegments(dir).size());

            clock.advanceMillis(1);
            spool.runWriterPass();
            assertEquals(1, spool.layout().sealedSegments().size());
            assertEquals(0, SpoolFiles.openSegments(dir).size());
            assertEquals(1, spool.stats().seals());
            assertEquals(clock.millis(), spool.stats().lastSealMillis());
        }
    }

    @Test
    void idleWriterSealsByItselfWhenTheAgeIsReached() throws Exception {
        try (Spool spool = Spool.open(dir, new SpoolOptions(50, 64L << 20, true),
                Clock.systemUTC())) {
            spool.append(TestRecords.record(1));

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (spool.layout().sealedSegments().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the writer never sealed by age");
                Thread.sleep(10);
            }
            assertEquals(Map.of(TestRecords.id(1), 1), SpoolFiles.sealedIdCounts(dir));
        }
    }

    @Test
    void clockSteppingBackSealsTheOpenSegmentRatherThanKeepingItOpen() throws Exception {
        try (Spool spool = Spool.open(dir, new SpoolOptions(MINUTE_MILLIS, 64L << 20, true),
                clock)) {
            spool.append(TestRecords.record(1));

            clock.advanceMillis(-10 * MINUTE_MILLIS);
            spool.runWriterPass();

            assertEquals(1, spool.layout().sealedSegments().size());
        }
    }

    @Test
    void segmentIsSealedByTheBatchThatReachesTheMaximumSize() throws Exception {
        int lineBytes = TestRecords.record(1).toLine().length;
        long maxBytes = 3L * lineBytes + 1;

        try (Spool spool = Spool.open(dir, new SpoolOptions(MINUTE_MILLIS, maxBytes, true),
                clock)) {
            for (int n = 0; n < 10; n++) {
                spool.append(TestRecords.record(n));
                spool.runWriterPass();
            }

            List<Path> sealed = spool.layout().sealedSegments();
            assertEquals(2, sealed.size(), "10 lines, 4 per segment");
            for (Path segment : sealed) {
                assertEquals(4L * lineBytes, Files.size(segment));
            }
            assertEquals(2L * lineBytes, spool.stats().openSegmentBytes());
        }
    }

    @Test
    void closeSealsTheOpenSegment() throws Exception {
        Spool spool = Spool.open(dir, new SpoolOptions(MINUTE_MILLIS, 64L << 20, true), clock);
        for (int n = 0; n < 3; n++) {
            spool.append(TestRecords.record(n));
        }

        spool.close();

        assertEquals(List.of(), SpoolFiles.openSegments(dir));
        assertEquals(3, SpoolFiles.sealedIdCounts(dir).size());
    }

    @Test
    void closingAnUnusedSpoolLeavesNoSegment() throws Exception {
        Spool.open(dir, SpoolOptions.defaults(), clock).close();

        try (var entries = Files.list(dir.resolve("incoming"))) {
            assertEquals(List.of(), entries.toList());
        }
    }

    @Test
    void appendAfterCloseIsRefused() throws Exception {
        Spool spool = Spool.open(dir, SpoolOptions.defaults(), clock);
        spool.close();
        spool.close();

        SpoolUnavailableException refused = assertThrows(SpoolUnavailableException.class,
                () -> spool.append(TestRecords.record(1)));
        assertEquals("spool is closed", refused.getMessage());
    }

    @Test
    void closeWhileCallersAppendAnswersEveryCallerAndStoresEveryAck() throws Exception {
        Spool spool = Spool.open(dir, new SpoolOptions(20, 64L << 20, true), Clock.systemUTC());
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Set<Long> refused = ConcurrentHashMap.newKeySet();
        AtomicLong nextId = new AtomicLong();
        CountDownLatch warmedUp = new CountDownLatch(200);

        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread caller = new Thread(() -> appendUntilRefused(spool, nextId, acked, refused,
                    warmedUp));
            caller.start();
            callers.add(caller);
        }
        warmedUp.await();
        spool.close();

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (Thread caller : callers) {
                caller.join();
            }
        }, "an append outlived close()");
        assertEquals(8, refused.size(), "each caller ended on exactly one refusal");
        SpoolFiles.reopen(dir);
        Map<String, Integer> counts = SpoolFiles.sealedIdCounts(dir);
        assertEquals(acked.size(), counts.size());
        for (long n : acked) {
            assertEquals(1, counts.get(TestRecords.id(n)), "record " + n);
        }
    }

    private static void appendUntilRefused(Spool spool, AtomicLong nextId, Set<Long> acked,
            Set<Long> refused, CountDownLatch warmedUp) {
        while (true) {
            long n = nextId.getAndIncrement();
            try {
                spool.append(TestRecords.record(n));
                acked.add(n);
                warmedUp.countDown();
            } catch (SpoolUnavailableException closed) {
                refused.add(n);
                return;
            }
        }
    }
}
