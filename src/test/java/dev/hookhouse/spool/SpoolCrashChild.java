package dev.hookhouse.spool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link SpoolKillNineTest} kills: appends from several threads until it dies and
 * prints {@code acked <id>} for each append that returned, after it returned. Segments are
 * small and young so that the kill can land in a write, an fsync or a seal.
 *
 * <p>Arguments: spool directory, number of appending threads.
 */
public final class SpoolCrashChild {

    static final String ACKED = "acked ";
    private static final long GIVE_UP_SECONDS = 60;

    private SpoolCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        exitIfForgotten();

        Spool spool = Spool.open(directory, new SpoolOptions(50, 64 * 1024, true),
                Clock.systemUTC());
        AtomicLong nextId = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            new Thread(() -> appendForever(spool, nextId, System.out), "appender-" + t).start();
        }
    }

    private static void appendForever(Spool spool, AtomicLong nextId, PrintStream out) {
        while (true) {
            long n = nextId.getAndIncrement();
            try {
                spool.append(TestRecords.record(n));
            } catch (SpoolUnavailableException refused) {
                continue;
            }
            synchronized (out) {
                out.println(ACKED + TestRecords.id(n));
                out.flush();
            }
        }
    }

    /** A child whose test died must not run on: it halts on its own after a minute. */
    private static void exitIfForgotten() {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(GIVE_UP_SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(3);
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
