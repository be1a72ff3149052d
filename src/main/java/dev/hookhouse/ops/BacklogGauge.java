package dev.hookhouse.ops;

import dev.hookhouse.spool.SpoolLayout;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog gauges' one source: a scan of {@code incoming/}, repeated at most once per
 * {@value #RESCAN_MILLIS} ms, so a scrape reading three gauges scans once.
 */
final class BacklogGauge {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogGauge.class);
    private static final long RESCAN_MILLIS = 1000;

    private final SpoolLayout layout;
    private final Clock clock;
    private IncomingBacklog last;
    private long scannedAtMillis = Long.MIN_VALUE;

    BacklogGauge(SpoolLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    double sealedSegments() {
        IncomingBacklog backlog = current();
        return backlog == null ? Double.NaN : backlog.sealedSegments();
    }

    double unloadedBytes() {
        IncomingBacklog backlog = current();
        return backlog == null ? Double.NaN : backlog.sealedBytes() + backlog.openBytes();
    }

    double oldestRecordAgeSeconds() {
        IncomingBacklog backlog = current();
        return backlog == null ? Double.NaN : backlog.oldestRecordAgeSeconds(clock.instant());
    }

    private synchronized IncomingBacklog current() {
        long now = clock.millis();
        if (last != null && now - scannedAtMillis < RESCAN_MILLIS && now >= scannedAtMillis) {
            return last;
        }
        try {
            last = IncomingBacklog.scan(layout);
            scannedAtMillis = now;
        } catch (IOException cannotScan) {
            // NaN tells the scraper the value is unknown; the spool check reports the cause.
            LOG.debug("metrics: cannot scan {}: {}", layout.incoming(), cannotScan.toString());
            last = null;
        }
        return last;
    }
}
