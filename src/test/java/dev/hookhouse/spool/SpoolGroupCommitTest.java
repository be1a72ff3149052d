package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent callers share one write and one fsync; a lone caller waits for no timer. */
class SpoolGroupCommitTest {

    private static final SpoolOptions SEAL_HOURLY =
            new SpoolOptions(3_600_000, 64L << 20, true);

    @TempDir
    Path dir;

    @Test
    void appendsQueuedDuringAnFsyncShareTheNextOne() throws Exception {
        FaultySegmentFiles slowDisk = new FaultySegmentFiles();
        CountDownLatch fsyncRunning = slowDisk.holdDataForces();
        ExecutorService callers = Executors.newFixedThreadPool(16);

        try (Spool spool = Spool.open(dir, SEAL_HOURLY, Clock.systemUTC(), slowDisk)) {
            List<Future<?>> appends = new ArrayList<>();
            appends.add(callers.submit(() -> append(spool, 0)));
            slowDisk.awaitDataForceHeld();
            for (int n = 1; n < 16; n++) {
                int id = n;
                appends.add(callers.submit(() -> append(spool, id)));
            }
            awaitQueued(spool, 15);

            fsyncRunning.countDown();
            for (Future<?> append : appends) {
                append.get(30, TimeUnit.SECONDS);
            }

            assertEquals(16, spool.stats().records());
            assertEquals(2, spool.stats().batches(), "the first alone, the 15 others together");
            assertEquals(2, slowDisk.dataForces());
        } finally {
            callers.shutdownNow();
        }
        assertEquals(16, SpoolFiles.sealedIdCounts(dir).size());
    }

    @Test
    void concurrentCallersOnARealDiskNeedFewerFsyncsThanRecords() throws Exception {
        int threads = 16;
        int appendsPerThread = 25;
        ExecutorService callers = Executors.newFixedThreadPool(threads);

        try (Spool spool = Spool.open(dir, SEAL_HOURLY, Clock.systemUTC())) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * appendsPerThread;
                done.add(callers.submit(() -> {
                    for (int n = first; n < first + appendsPerThread; n++) {
                        append(spool, n);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }

            long records = spool.stats().records();
            long batches = spool.stats().batches();
            assertEquals(threads * appendsPerThread, records);
            assertTrue(batches < records, batches + " batches for " + records + " records");
        } finally {
            callers.shutdownNow();
        }
        assertEquals(threads * appendsPerThread, SpoolFiles.sealedIdCounts(dir).size());
    }

    @Test
    void appendOnAnIdleSpoolIsWrittenAloneAtOnce() throws Exception {
        FaultySegmentFiles disk = new FaultySegmentFiles();

        try (Spool spool = Spool.open(dir, SEAL_HOURLY, Clock.systemUTC(), disk)) {
            // The only timer in the writer is the hourly seal; waiting on it would time out.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int n = 0; n < 20; n++) {
                    append(spool, n);
                    assertEquals(n + 1, spool.stats().batches(), "one batch per lone append");
                }
            });
            assertEquals(20, disk.dataForces(), "one fsync per lone append");
        }
    }

    private static Void append(Spool spool, long n) throws SpoolUnavailableException {
        spool.append(TestRecords.record(n));
        return null;
    }

    private static void awaitQueued(Spool spool, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (spool.queuedAppends() != count) {
            assertTrue(System.nanoTime() < deadline, "queued: " + spool.queuedAppends());
            Thread.sleep(5);
        }
    }
}
