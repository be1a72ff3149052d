package dev.hookhouse.e2e.bench;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.server.HookhouseServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Freshness: how long after its 200 a row can be queried. Starts a server in this JVM with the
 * settings of the environment (defaults unless {@code HOOKHOUSE_*} variables say otherwise;
 * the spool, data directory and port are always fresh), creates a token and a pipeline in its
 * registry, posts at a steady rate, and reports percentiles of ack-to-visible. The first
 * seconds are a warm-up and not counted: the first load also creates the table. Not a unit
 * test; {@code bench/freshness.sh} builds and runs it.
 *
 * <pre>
 * FreshnessBenchmark RATE_PER_SECOND SECONDS [WARM_UP_SECONDS] [POLL_MILLIS]
 * </pre>
 */
public final class FreshnessBenchmark {

    /** The target for the median at default settings. */
    private static final double TARGET_P50_SECONDS = 2.0;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

    private FreshnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int perSecond = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long pollMillis = args.length > 3 ? Long.parseLong(args[3]) : 20;

        Path dir = Files.createTempDirectory("hookhouse-freshness");
        try {
            HookhouseConfig config = HookhouseConfig.load(null)
                    .with(HookhouseConfig.HTTP_HOST.key(), "127.0.0.1")
                    .with(HookhouseConfig.HTTP_PORT.key(), "0")
                    .with(HookhouseConfig.SPOOL_DIR.key(), dir.resolve("spool").toString())
                    .with(HookhouseConfig.DATA_DIR.key(), dir.resolve("data").toString());
            run(config, perSecond, Duration.ofSeconds(seconds),
                    Duration.ofSeconds(warmUpSeconds), pollMillis);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(HookhouseConfig config, int perSecond, Duration measured,
            Duration warmUp, long pollMillis) throws Exception {
        Registry registry = Registry.open(config, Clock.systemUTC());
        CreatedToken token = registry.createToken("freshness");
        PipelineEntry pipeline = registry.createPipeline("Freshness", null);

        try (HookhouseServer server = HookhouseServer.start(config, Clock.systemUTC());
                VisibilityWatcher watcher = new VisibilityWatcher(config.warehouseUrl(),
                        credentials(config), pipeline.table(), pollMillis).start()) {
            URI url = URI.create("http://127.0.0.1:" + server.httpPort() + "/?pipeline_id="
                    + pipeline.id() + "&key=" + token.entry().key() + "&token=" + token.token());
            new SteadySender(url).run(perSecond, warmUp);

            SteadySender sender = new SteadySender(url);
            sender.run(perSecond, measured);
            awaitVisible(sender.ackNanosById(), watcher);
            report(config, perSecond, measured, pollMillis, sender, watcher);
        }
    }

    private static Properties credentials(HookhouseConfig config) {
        Properties credentials = new Properties();
        String user = config.text(HookhouseConfig.WAREHOUSE_USER);
        if (!user.isEmpty()) {
            credentials.setProperty("user", user);
            credentials.setProperty("password",
                    config.text(HookhouseConfig.WAREHOUSE_PASSWORD));
        }
        return credentials;
    }

    private static void awaitVisible(Map<String, Long> acknowledged, VisibilityWatcher watcher)
            throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (!watcher.firstSeenNanosById().keySet().containsAll(acknowledged.keySet())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rows still missing after " + DRAIN_TIMEOUT
                        + "; last query error: " + watcher.lastFailure());
            }
            Thread.sleep(50);
        }
    }

    private static void report(HookhouseConfig config, int perSecond, Duration measured,
            long pollMillis, SteadySender sender, VisibilityWatcher watcher) {
        List<Double> seconds = new ArrayList<>();
        sender.ackNanosById().forEach((id, ackNanos) -> seconds.add(
                (watcher.firstSeenNanosById().get(id) - ackNanos) / 1e9));
        seconds.sort(Comparator.naturalOrder());
        if (seconds.isEmpty()) {
            throw new IllegalStateException("no request was acknowledged; "
                    + sender.failures() + " failed");
        }

        double p50 = percentile(seconds, 0.50);
        System.out.printf("settings: seal-after %d ms, loader interval %d ms, warehouse %s%n",
                config.number(HookhouseConfig.SPOOL_SEAL_AFTER_MS),
                config.number(HookhouseConfig.LOADER_INTERVAL_MS),
                config.warehouseUrl().startsWith("jdbc:duckdb:") ? "DuckDB (embedded)"
                        : "PostgreSQL");
        System.out.printf("posted %d/s for %d s: %d acknowledged, %d failed; polled every"
                + " %d ms%n", perSecond, measured.toSeconds(), seconds.size(),
                sender.failures(), pollMillis);
        System.out.printf("ack to visible: p50 %.3f s, p90 %.3f s, p99 %.3f s, max %.3f s%n",
                p50, percentile(seconds, 0.90), percentile(seconds, 0.99),
                seconds.get(seconds.size() - 1));
        System.out.printf("target p50 < %.1f s: %s%n", TARGET_P50_SECONDS,
                p50 < TARGET_P50_SECONDS ? "met" : "MISSED");
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(List<Double> sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
