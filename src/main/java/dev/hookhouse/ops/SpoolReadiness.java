package dev.hookhouse.ops;

import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Ready while the spool can take requests. Down when the last batch written failed less than
 * {@value #RECENT_FAILURE_MILLIS} ms ago, or when a probe file cannot be written and forced in
 * {@code incoming/} (disk full, read-only remount, permissions).
 *
 * <p>A failure alone does not keep the check down for good: a server taken out of the load
 * balancer gets no requests, so no later write would ever succeed to clear it. Past the window,
 * the probe decides. The probe is named {@code readiness-probe.tmp}, which the loader never
 * reads and start-up recovery removes like any other {@code .tmp}.
 */
final class SpoolReadiness extends ReadinessCheck {

    static final String ID = "hookhouse-spool";
    static final long RECENT_FAILURE_MILLIS = 30_000;
    static final String PROBE_FILE = "readiness-probe" + SpoolLayout.TEMP;

    private final SpoolStats stats;
    private final Path incoming;
    private final Clock clock;

    SpoolReadiness(SpoolStats stats, SpoolLayout layout, Clock clock) {
        super(ID);
        this.stats = stats;
        this.incoming = layout.incoming();
        this.clock = clock;
    }

    @Override
    void check(HealthCheckResultBuilder result) {
        result.detail("stranded_segments", stats.strandedSegments());
        long sinceFailureMillis = clock.millis() - stats.lastFailureMillis();
        boolean lastWriteFailed = stats.lastFailureMillis() > stats.lastSuccessMillis();
        if (lastWriteFailed && sinceFailureMillis < RECENT_FAILURE_MILLIS) {
            result.down().message("the last spool write failed " + sinceFailureMillis
                    + " ms ago; requests are answered 503 SPOOL_UNAVAILABLE");
            return;
        }

        try {
            probe();
        } catch (IOException cannotWrite) {
            // Camel escapes a message's slashes twice over; paths go in the details instead.
            result.down().message("cannot write a probe file in the spool's incoming"
                    + " directory (" + cannotWrite.getClass().getSimpleName() + ")")
                    .detail("directory", incoming.toAbsolutePath().toString())
                    .detail("error", cannotWrite.toString());
            return;
        }
        result.up();
    }

    /** Writes, forces and removes one byte, as the spool writer would write a line. */
    private synchronized void probe() throws IOException {
        Path probe = incoming.resolve(PROBE_FILE);
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            channel.force(false);
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
