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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Rough loader throughput: spools N records of about 1 KB in 64 MiB sealed segments (the
 * spool's default size), then times the loader draining them into each warehouse, after a
 * warm-up run of a fifth of the rows (the server's JIT is warm too). Next to each figure, the
 * database's own bulk load of the same rows in the same run, for scale. Not a unit test; run
 * it by hand:
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
                report("  read_json", rows, duckDbReadJson(dir, rows));
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
                report("  COPY", rows, postgresCopy(database, rows));
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
        check(report.outcome() == RunReport.Outcome.LOADED && report.rowsLoaded() == rows,
                "benchmark run did not load everything: " + report);
        return nanos;
    }

    /**
     * DuckDB's own bulk load of the same rows, for scale: {@code read_json} straight over the
     * (now archived) segment files into a table of the same shape.
     */
    private static long duckDbReadJson(Path dir, int rows) throws SQLException {
        Path archive = dir.resolve("spool").resolve("archive");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE native (id VARCHAR PRIMARY KEY,"
                    + " ts DECIMAL(18,7) NOT NULL, body JSON NOT NULL)");
            long started = System.nanoTime();
            long loaded = statement.executeUpdate("INSERT INTO native SELECT id,"
                    + " CAST(ts AS DECIMAL(18,7)), CAST(body AS JSON) FROM read_json('"
                    + archive + "/*.loaded', format = 'newline_delimited', columns = {"
                    + "'id': 'VARCHAR', 'ts': 'VARCHAR', 'body': 'VARCHAR'})");
            long nanos = System.nanoTime() - started;
            check(loaded == rows, "read_json loaded " + loaded);
            return nanos;
        }
    }

    /** PostgreSQL's own bulk load of the same rows: one COPY (CSV) into the final table. */
    private static long postgresCopy(PostgresTestDatabase database, int rows) throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        String padding = "x".repeat(BODY_BYTES - 40);
        for (int i = 0; i < rows; i++) {
            String body = "{\"n\":" + i + ",\"pad\":\"" + padding + "\"}";
            csv.writeBytes((SpoolFixture.requestId(i) + "," + SpoolFixture.TIMESTAMP + ",\""
                    + body.replace("\"", "\"\"") + "\"\n").getBytes(StandardCharsets.UTF_8));
        }
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE native (id text PRIMARY KEY,"
                    + " ts numeric(18,7) NOT NULL, body json NOT NULL)");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long started = System.nanoTime();
            long loaded = copy.copyIn("COPY native FROM STDIN WITH (FORMAT csv)",
                    new ByteArrayInputStream(csv.toByteArray()));
            long nanos = System.nanoTime() - started;
            check(loaded == rows, "COPY loaded " + loaded);
            return nanos;
        }
    }

    private static void check(boolean condition, String otherwise) {
        if (!condition) {
            throw new IllegalStateException(otherwise);
        }
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
