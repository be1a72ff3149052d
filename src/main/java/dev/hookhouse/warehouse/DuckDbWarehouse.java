package dev.hookhouse.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The embedded warehouse: a DuckDB file.
 *
 * <p><b>The file is open only during a load.</b> A DuckDB file admits one writing process, and
 * a user must be able to open the warehouse (the {@code duckdb} shell, a notebook) while the
 * server runs. So each session opens the file and closing it closes the database, which also
 * checkpoints the write-ahead log into the file. If another process holds the file, opening
 * fails and the load is retried later.
 *
 * <p><b>Bulk path.</b> Rows go through the appender into a temporary staging table (all text),
 * then one {@code INSERT ... SELECT} per table casts them into the target, all tables of a
 * segment in one transaction. The appender commits on its own, which is harmless: the staging
 * table is temporary and rebuilt for every segment. The first try is a plain insert, which
 * DuckDB runs about twice as fast as one with {@code ON CONFLICT DO NOTHING}; only when it
 * fails (a segment loaded before a crash or replayed, whose ids are stored already, or a row
 * DuckDB refuses) is the segment inserted again skipping stored ids.
 *
 * <p><b>Refused rows.</b> DuckDB has no savepoints, and an error aborts the transaction. When
 * the set-based insert fails, the transaction is rolled back, the staged rows whose casts fail
 * are found with {@code TRY_CAST}, each one's own error is read by casting it alone, they are
 * removed from staging, and the insert runs again. DuckDB's JSON type refuses strings holding a
 * lone UTF-16 surrogate escape ({@code "\ud83d"} alone), so such a body is refused here.
 *
 * <p>DuckDB matches identifiers case-insensitively even when quoted: tables {@code Orders} and
 * {@code orders} are one table here.
 */
public final class DuckDbWarehouse implements Warehouse {

    static final String URL_PREFIX = "jdbc:duckdb:";

    private static final String STAGING = "hookhouse_staging";
    private static final String JSON_CAST = "CAST(body AS JSON)";
    private static final String TIMESTAMP_CAST = "CAST(ts AS DECIMAL(18,7))";

    private final String url;
    private final Path file;

    /** @param url {@code jdbc:duckdb:FILE}; an in-memory database would lose every load */
    public DuckDbWarehouse(String url) {
        this.url = url;
        this.file = fileOf(url);
    }

    static Path fileOf(String url) {
        String path = url.substring(URL_PREFIX.length());
        int options = path.indexOf('?');
        if (options >= 0) {
            path = path.substring(0, options);
        }
        if (path.isBlank() || path.startsWith(":memory:")) {
            throw new IllegalArgumentException("a DuckDB warehouse needs a file: "
                    + "jdbc:duckdb:/path/to/warehouse.duckdb (an in-memory database is closed"
                    + " after every load)");
        }
        return Path.of(path);
    }

    public Path file() {
        return file;
    }

    @Override
    public Session openSession() throws WarehouseUnavailableException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new DuckDbSession(DriverManager.getConnection(url));
        } catch (SQLException | IOException cannotOpen) {
            throw new WarehouseUnavailableException("cannot open DuckDB file " + file
                    + " (another process may hold it): "
                    + ErrorText.firstLine(cannotOpen.getMessage()), cannotOpen);
        }
    }

    @Override
    public String describe() {
        return "DuckDB file " + file.toAbsolutePath();
    }

    @Override
    public void close() {
        // Nothing stays open between sessions.
    }

    /** A staged row: which batch it belongs to; its ordinal is its index in the stage. */
    private record StagedRow(int tableIndex, String table, WarehouseRow row) {
    }

    private static final class DuckDbSession implements Session {

        private final Connection connection;

        DuckDbSession(Connection connection) {
            this.connection = connection;
        }

        @Override
        public LoadOutcome load(List<TableBatch> segment) throws WarehouseUnavailableException {
            try {
                List<StagedRow> staged = stage(segment);
                return insertStaged(segment, staged);
            } catch (SQLException failed) {
                rollbackQuietly();
                throw new WarehouseUnavailableException("DuckDB did not take the segment: "
                        + ErrorText.firstLine(failed.getMessage()), failed);
            }
        }

        private List<StagedRow> stage(List<TableBatch> segment) throws SQLException {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE TEMP TABLE " + STAGING + " (table_index"
                        + " INTEGER, ordinal BIGINT, request_id VARCHAR, ts VARCHAR,"
                        + " body VARCHAR)");
            }

            List<StagedRow> staged = new ArrayList<>();
            DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
            try (DuckDBAppender appender = duck.createAppender("temp", "main", STAGING)) {
                for (int tableIndex = 0; tableIndex < segment.size(); tableIndex++) {
                    TableBatch batch = segment.get(tableIndex);
                    for (WarehouseRow row : batch.rows()) {
                        appender.beginRow().append(tableIndex).append((long) staged.size())
                                .append(row.requestId()).append(row.timestamp())
                                .append(row.body()).endRow();
                        staged.add(new StagedRow(tableIndex, batch.table(), row));
                    }
                }
            }
            return staged;
        }

        private LoadOutcome insertStaged(List<TableBatch> segment, List<StagedRow> staged)
                throws SQLException {
            try {
                return new LoadOutcome(insertAll(segment, false), List.of());
            } catch (SQLException storedBeforeOrRefused) {
                rollbackQuietly();
            }

            try {
                return new LoadOutcome(insertAll(segment, true), List.of());
            } catch (SQLException bulkFailed) {
                rollbackQuietly();
                List<Long> refusedOrdinals = new ArrayList<>();
                List<RefusedRow> refused = findRefused(staged, refusedOrdinals);
                if (refused.isEmpty()) {
                    throw bulkFailed;
                }

                unstage(refusedOrdinals);
                return new LoadOutcome(insertAll(segment, true), refused);
            }
        }

        private long insertAll(List<TableBatch> segment, boolean skipStored)
                throws SQLException {
            connection.setAutoCommit(false);
            long inserted = 0;
            for (int tableIndex = 0; tableIndex < segment.size(); tableIndex++) {
                String table = SqlIdentifier.quote(segment.get(tableIndex).table());
                try (Statement statement = connection.createStatement()) {
                    statement.execute(createTableSql(table));
                }
                String sql = insertSql(table) + (skipStored ? " ON CONFLICT DO NOTHING" : "");
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    insert.setInt(1, tableIndex);
                    inserted += insert.executeUpdate();
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            return inserted;
        }

        private static String createTableSql(String table) {
            return "CREATE TABLE IF NOT EXISTS " + table + " ("
                    + SqlIdentifier.quote(REQUEST_ID) + " VARCHAR PRIMARY KEY, "
                    + SqlIdentifier.quote(TIMESTAMP) + " DECIMAL(18,7) NOT NULL, "
                    + SqlIdentifier.quote(BODY) + " JSON NOT NULL)";
        }

        private static String insertSql(String table) {
            return "INSERT INTO " + table + " (" + SqlIdentifier.quote(REQUEST_ID) + ", "
                    + SqlIdentifier.quote(TIMESTAMP) + ", " + SqlIdentifier.quote(BODY) + ")"
                    + " SELECT request_id, " + TIMESTAMP_CAST + ", " + JSON_CAST
                    + " FROM " + STAGING + " WHERE table_index = ?";
        }

        /** Staged rows whose casts fail, each with the error DuckDB gives for it alone. */
        private List<RefusedRow> findRefused(List<StagedRow> staged, List<Long> ordinalsOut)
                throws SQLException {
            connection.setAutoCommit(true);
            List<Long> suspects = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT ordinal FROM " + STAGING
                            + " WHERE TRY_" + TIMESTAMP_CAST + " IS NULL"
                            + " OR TRY_" + JSON_CAST + " IS NULL ORDER BY ordinal")) {
                while (rows.next()) {
                    suspects.add(rows.getLong(1));
                }
            }

            List<RefusedRow> refused = new ArrayList<>();
            for (long ordinal : suspects) {
                String error = castError(ordinal);
                if (error != null) {
                    StagedRow row = staged.get(Math.toIntExact(ordinal));
                    refused.add(new RefusedRow(row.table(), row.row(), error));
                    ordinalsOut.add(ordinal);
                }
            }
            return refused;
        }

        private String castError(long ordinal) {
            String probe = "SELECT " + TIMESTAMP_CAST + ", " + JSON_CAST + " FROM " + STAGING
                    + " WHERE ordinal = ?";
            try (PreparedStatement statement = connection.prepareStatement(probe)) {
                statement.setLong(1, ordinal);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        rows.getString(2);
                    }
                }
                return null;
            } catch (SQLException refused) {
                return ErrorText.firstLine(refused.getMessage());
            }
        }

        private void unstage(List<Long> ordinals) throws SQLException {
            String delete = "DELETE FROM " + STAGING + " WHERE ordinal = ?";
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                for (long ordinal : ordinals) {
                    statement.setLong(1, ordinal);
                    statement.executeUpdate();
                }
            }
        }

        private void rollbackQuietly() {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            } catch (SQLException alreadyBroken) {
                // The session is closed right after; there is nothing left to undo.
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException closeFailed) {
                // Closing drops the file handle either way; a later open reports real trouble.
            }
        }
    }
}
