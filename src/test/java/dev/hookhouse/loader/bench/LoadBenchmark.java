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
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Loader throughput: spools N records of about 1 KB in 64 MiB sealed segments (the spool's
 * default size), then times the loader draining them into each warehouse, after a warm-up run
 * of a fifth of the rows (the server's JIT is warm too). Next to each figure, in the same run,
 * the database's own bulk load of the same rows into a table of the same shape: DuckDB's
 * {@code read_json} over the loaded segment files, and {@code psql \copy} of a CSV file of the
 * same rows into PostgreSQL. The ratio of the two is what to compare across machines. Not a
 * unit test; {@code bench/load.sh} builds and runs it:
 *
 * <pre>
 * bench/load.sh --rows 100000 --warehouses duckdb,postgres
 * </pre>
 */
public final class LoadBenchmark {

    private static final long PIPELINE = 1;
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int BODY_BYTES = 1024;
    /** The target: the loader at least 0.8x as fast as the database's own bulk load. */
    private static final double TARGET_RATIO = 0.8;

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String which = args.length > 1 ? args[1] : "duckdb,postgres";

        if (which.contains("duckdb")) {
            Path dir = Files.createTempDirectory("hookhouse-bench-duckdb");
            try (Warehouse warehouse = new DuckDbWarehouse(
                    "jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
                measure(dir.resolve("warm-up"), warehouse, "warm_up", rows / 5, null);
                long loader = measure(dir, warehouse, "bench", rows, null);
                report("DuckDB", rows, loader);
                long own = duckDbReadJson(dir, rows);
                report("  read_json", rows, own);
                reportRatio("DuckDB", loader, own);
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
                measure(dir.resolve("warm-up"), warehouse, "warm_up", rows / 5, null);
                Path csv = dir.resolve("rows.csv");
                long loader = measure(dir, warehouse, "bench", rows, csv);
                report("PostgreSQL", rows, loader);
                long own = psqlCopy(database, csv, rows);
                report("  \\copy", rows, own);
                reportRatio("PostgreSQL", loader, own);
            } finally {
                deleteTree(dir);
            }
        }
    }

    /**
     * Spools {@code rows} records for {@code table}, then times one loader run over them.
     *
     * @param csvOrNull where to write the same rows as CSV for the database's own bulk load
     */
    private static long measure(Path dir, Warehouse warehouse, String table, int rows,
            Path csvOrNull) throws Exception {
        TestRegistry registry = new TestRegistry();
        TestRegistry.Credentials sender = registry.createToken("bench");
        registry.createPipeline(PIPELINE, table);
        SpoolLayout layout = new SpoolLayout(dir.resolve("spool")).create();
        writeSegments(layout, sender, rows, csvOrNull);

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

    /**
     * PostgreSQL's own bulk load of the same rows, as an operator would do it: {@code psql
     * \copy} of the CSV file into a table of the same shape, timed from outside the process.
     */
    private static long psqlCopy(PostgresTestDatabase database, Path csv, int rows)
            throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE native (id text PRIMARY KEY,"
                    + " ts numeric(18,7) NOT NULL, body json NOT NULL)");
        }

        String url = database.url();
        String databaseName = url.substring(url.lastIndexOf('/') + 1);
        String[] hostPort = PostgresTestDatabase.HOST_PORT.split(":");
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", hostPort[0], "-p", hostPort[1], "-U", PostgresTestDatabase.USER,
                "-d", databaseName, "-c", "\\copy native FROM '" + csv + "' WITH (FORMAT csv)")
                .inheritIO();
        long started = System.nanoTime();
        int exitCode = psql.start().waitFor();
        long nanos = System.nanoTime() - started;
        check(exitCode == 0, "psql \\copy exited with " + exitCode);
        check(countRows(database, "native") == rows, "psql \\copy did not load every row");
        return nanos;
    }

    private static long countRows(PostgresTestDatabase database, String table)
            throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void check(boolean condition, String otherwise) {
        if (!condition) {
            throw new IllegalStateException(otherwise);
        }
    }

    private static void writeSegments(SpoolLayout layout, TestRegistry.Credentials sender,
            int rows, Path csvOrNull) throws IOException {
        String padding = "x".repeat(BODY_BYTES - 40);
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        long sequence = 1;
        try (Writer csv = csvOrNull == null ? Writer.nullWriter()
                : Files.newBufferedWriter(csvOrNull, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                String body = "{\"n\":" + i + ",\"pad\":\"" + padding + "\"}";
                SpoolRecord record = SpoolFixture.record(i, PIPELINE, sender.key(),
                        sender.token(), body);
                segment.write(record.toLine());
                csv.write(csvLine(record));
                if (segment.size() >= SEGMENT_BYTES) {
                    seal(layout, sequence++, segment);
                }
            }
        }
        if (segment.size() > 0) {
            seal(layout, sequence, segment);
        }
    }

    /** A CSV line of the row as the loader stores it: request id, timestamp, quoted body. */
    private static String csvLine(SpoolRecord record) {
        return record.requestId() + "," + record.timestamp() + ",\""
                + record.body().replace("\"", "\"\"") + "\"\n";
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

    /** Loader speed over the database's own: the inverse ratio of their times. */
    private static void reportRatio(String warehouse, long loaderNanos, long ownNanos) {
        double ratio = (double) ownNanos / loaderNanos;
        System.out.printf("%-10s loader / own bulk load: %.2fx (target >= %.1fx: %s)%n",
                warehouse, ratio, TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "MISSED");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
