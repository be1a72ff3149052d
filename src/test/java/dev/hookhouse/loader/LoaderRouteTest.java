package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/**
 * The route of {@code routes/loader.yaml} on real Camel and Quartz. The bean here stands in for
 * the loader only to observe the schedule: each run takes four times the interval, and no run
 * may start before the previous one ended.
 */
class LoaderRouteTest {

    private static final long INTERVAL_MS = 50;
    private static final long RUN_MS = 200;

    /** Records when runs start and end, and how many were in flight at once. */
    public static final class SlowRun {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final List<long[]> spans = new CopyOnWriteArrayList<>();
        final CountDownLatch fourRuns = new CountDownLatch(4);

        public void runOnce() throws InterruptedException {
            long start = System.nanoTime();
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(RUN_MS);
            inFlight.decrementAndGet();
            spans.add(new long[] {start, System.nanoTime()});
            fourRuns.countDown();
        }
    }

    @Test
    void runsNeverOverlapEvenWhenSlowerThanTheInterval() throws Exception {
        SlowRun slowRun = new SlowRun();
        Main camel = new Main();
        camel.configure().withRoutesIncludePattern("classpath:routes/loader.yaml")
                .withRoutesReloadEnabled(false).withJmxEnabled(false);
        camel.addInitialProperty("hookhouse.loader.interval-ms", Long.toString(INTERVAL_MS));
        camel.bind(LoaderService.BEAN_NAME, slowRun);

        camel.start();
        try {
            assertTrue(slowRun.fourRuns.await(30, TimeUnit.SECONDS), "the route never ran");
        } finally {
            camel.stop();
        }

        assertEquals(1, slowRun.mostAtOnce.get());
        List<long[]> spans = slowRun.spans;
        for (int i = 1; i < spans.size(); i++) {
            assertTrue(spans.get(i)[0] >= spans.get(i - 1)[1],
                    "run " + i + " started before run " + (i - 1) + " ended");
        }
    }
}
