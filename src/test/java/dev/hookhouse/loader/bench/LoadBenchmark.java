package dev.hookhouse.loader.bench;

import dev.hookhouse.loader.Loader;
import dev.hookhouse.loader.LoaderOptions;
import dev.hookhouse.loader.RunReport;
import dev.hookhouse.loader.SpoolFixture;
import dev.hookhouse.loader.TestRegistry;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.warehouse.DuckDbWarehouse;
import dev.hookhouse.warehouse.PostgresTestDatabase;
import dev.hookhouse.warehouse.PostgresWarehouse;
import dev.hookhouse.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Rough loader throughput: spools N records of about 1 KB in 64 MiB sealed segments (the
 * spool's default size), then times the loader draining them into each warehouse, after a
 * warm-up run of a fifth of the rows (the server's JIT is warm too). Not a unit test; run it
 * by hand:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     dev.hookhouse.loader.bench.LoadBenchmark 100000 duckdb,postgres
 * </pre>
 */
public final class LoadBenchmark {

    private static final long PIPELINE = 1;
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int BODY_BYTES = 1024;

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String which = args.length > 1 ? args[1] : "duckdb,postgres";

        if (which.contains("duckdb")) {
            Path dir = Files.createTempDirectory("hookhouse-bench-duckdb");
            try (Warehouse warehouse = new DuckDbWarehouse(
                    "jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
                measure(dir.resolve("warm-up"), warehouse, "warm_up", rows / 5);
                report("DuckDB", rows, measure(dir, warehouse, "bench", rows));
            } finally {
                deleteTree(dir);
            }
        }
        if (which.contains("postgres")) {
            Path dir = Files.createTempDirectory("hookhouse-bench-postgres");
            try (PostgresTestDatabase database = PostgresTestDatabase.create(
                    LoadBenchmark.class);
                    Warehouse warehouse = new PostgresWarehouse(database.url(),
                            PostgresTestDatabase.USER, "")) {
                measure(dir.resolve("warm-up"), warehouse, "warm_up", rows / 5);
                report("PostgreSQL", rows, measure(dir, warehouse, "bench", rows));
            } finally {
                deleteTree(dir);
            }
        }
    }

    /** Spools {@code rows} records for {@code table}, then times one loader run over them. */
    private static long measure(Path dir, Warehouse warehouse, String table, int rows)
            throws Exception {
        TestRegistry registry = new TestRegistry();
        TestRegistry.Credentials sender = registry.createToken("bench");
        registry.createPipeline(PIPELINE, table);
        SpoolLayout layout = new SpoolLayout(dir.resolve("spool")).create();
        writeSegments(layout, sender, rows);

        long oneHourMillis = Duration.ofHours(1).toMillis();
        Loader loader = new Loader(layout, registry, warehouse,
                new LoaderOptions(Duration.ofHours(1), 1_000, 1_000, oneHourMillis),
                Clock.systemUTC());
        long started = System.nanoTime();
        RunReport report = loader.runOnce();
        long nanos = System.nanoTime() - started;
        if (report.outcome() != RunReport.Outcome.LOADED || report.rowsLoaded() != rows) {
            throw new IllegalStateException("benchmark run did not load everything: " + report);
        }
        return nanos;
    }

    private static void writeSegments(SpoolLayout layout, TestRegistry.Credentials sender,
            int rows) throws IOException {
        String padding = "x".repeat(BODY_BYTES - 40);
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        long sequence = 1;
        for (int i = 0; i < rows; i++) {
            String body = "{\"n\":" + i + ",\"pad\":\"" + padding + "\"}";
            SpoolRecord record = SpoolFixture.record(i, PIPELINE, sender.key(), sender.token(),
                    body);
            segment.write(record.toLine());
            if (segment.size() >= SEGMENT_BYTES) {
                seal(layout, sequence++, segment);
            }
        }
        if (segment.size() > 0) {
            seal(layout, sequence, segment);
        }
    }

    private static void seal(SpoolLayout layout, long sequence, ByteArrayOutputStream content)
            throws IOException {
        Path sealed = layout.incoming().resolve(SpoolLayout.fileName(sequence,
                SpoolLayout.SEALED));
        SpoolLayout.writeDurably(sealed, content.toByteArray());
        content.reset();
    }

    private static void report(String warehouse, int rows, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("%-10s %,d rows of ~%d B in %.2f s: %,.0f rows/s%n", warehouse, rows,
                BODY_BYTES, seconds, rows / seconds);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
