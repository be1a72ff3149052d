package dev.hookhouse.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hookhouse.config.HookhouseConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL as the warehouse, through a small HikariCP pool.
 *
 * <p><b>Column types.</b> The body is {@code json}, which keeps the text exactly as sent
 * ({@code jsonb} would reorder keys, drop duplicates and rewrite numbers and escapes); the
 * timestamp is {@code numeric(18,7)}, exact to the digit.
 *
 * <p><b>Bulk path.</b> In one transaction per segment, for each table, under a savepoint:
 * {@code COPY ... FROM STDIN} in CSV form (the text form would turn the {@code \n} escapes
 * inside bodies into newlines) straight into the target table. That is the whole load in the
 * common case. When it fails with a data error (a segment loaded before a crash or replayed,
 * whose ids are stored already, or a row PostgreSQL refuses), the savepoint is rolled back and
 * the careful path runs: the same COPY into a temporary staging table of text columns, then
 * {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} casting into the target.
 *
 * <p><b>Refused rows.</b> Every insert runs under a savepoint. If the insert of a range of
 * staged rows fails with a data error (SQLSTATE classes 22, 23 or 54), it is rolled back to the
 * savepoint and the range is split in halves, down to single rows: a bad row costs about
 * log2(n) small inserts, and the rest of the batch still commits. Other errors (lost
 * connection, permissions, a table with other columns) abort the whole segment for a retry.
 * A body holding the character U+0000 is refused up front: PostgreSQL text cannot hold it.
 */
public final class PostgresWarehouse implements Warehouse {

    static final String URL_PREFIX = "jdbc:postgresql:";

    private static final int POOL_SIZE = 2;
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    private static final int COPY_CHUNK_BYTES = 256 * 1024;
    private static final String STAGING = "hookhouse_staging";

    private final HikariDataSource pool;
    private final String maskedUrl;

    public PostgresWarehouse(String url, String user, String password) {
        this.maskedUrl = HookhouseConfig.maskUrlSecrets(url);
        this.pool = new HikariDataSource(poolConfig(url, user, password));
    }

    private static HikariConfig poolConfig(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hookhouse-warehouse");
        config.setJdbcUrl(url);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        // Start even while PostgreSQL is down: spooling goes on and the loader retries.
        config.setInitializationFailTimeout(-1);
        return config;
    }

    @Override
    public Session openSession() throws WarehouseUnavailableException {
        try {
            return new PostgresSession(pool.getConnection());
        } catch (SQLException unreachable) {
            throw new WarehouseUnavailableException("cannot reach PostgreSQL at " + maskedUrl
                    + ": " + ErrorText.withCause(unreachable), unreachable);
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL " + maskedUrl;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Whether an error is about the row's data, so that only that row should be refused. */
    static boolean isDataError(SQLException error) {
        String state = error.getSQLState();
        return state != null
                && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    private static final class PostgresSession implements Session {

        private final Connection connection;

        PostgresSession(Connection connection) {
            this.connection = connection;
        }

        @Override
        public LoadOutcome load(List<TableBatch> segment) throws WarehouseUnavailableException {
            try {
                connection.setAutoCommit(false);
                createStaging();

                long inserted = 0;
                List<RefusedRow> refused = new ArrayList<>();
                for (TableBatch batch : segment) {
                    inserted += loadBatch(batch, refused);
                }

                connection.commit();
                return new LoadOutcome(inserted, refused);
            } catch (SQLException failed) {
                rollbackQuietly();
                throw new WarehouseUnavailableException("PostgreSQL did not take the segment: "
                        + ErrorText.withCause(failed), failed);
            }
        }

        private void createStaging() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGING + " (ordinal"
                        + " integer, request_id text, ts text, body text) ON COMMIT DELETE ROWS");
            }
        }

        private long loadBatch(TableBatch batch, List<RefusedRow> refused) throws SQLException {
            String table = SqlIdentifier.quote(batch.table());
            try (Statement statement = connection.createStatement()) {
                statement.execute(createTableSql(table));
                statement.execute("TRUNCATE " + STAGING);
            }

            List<WarehouseRow> storable = new ArrayList<>();
            for (WarehouseRow row : batch.rows()) {
                if (row.body().indexOf('\0') >= 0 || row.requestId().indexOf('\0') >= 0) {
                    refused.add(new RefusedRow(batch.table(), row,
                            "PostgreSQL text cannot hold the character U+0000"));
                } else {
                    storable.add(row);
                }
            }
            if (storable.isEmpty()) {
                return 0;
            }

            if (copiedStraightIn(table, storable)) {
                return storable.size();
            }
            copy("COPY " + STAGING + " (ordinal, request_id, ts, body)", storable, true);
            return insertRange(batch.table(), storable, 0, storable.size() - 1, refused);
        }

        /** The fast path: false, with nothing changed, if any row stopped the COPY. */
        private boolean copiedStraightIn(String table, List<WarehouseRow> rows)
                throws SQLException {
            Savepoint beforeCopy = connection.setSavepoint();
            try {
                copy("COPY " + table + " (" + SqlIdentifier.quote(REQUEST_ID) + ", "
                        + SqlIdentifier.quote(TIMESTAMP) + ", " + SqlIdentifier.quote(BODY)
                        + ")", rows, false);
                connection.releaseSavepoint(beforeCopy);
                return true;
            } catch (SQLException failed) {
                if (!isDataError(failed)) {
                    throw failed;
                }
                connection.rollback(beforeCopy);
                return false;
            }
        }

        private static String createTableSql(String table) {
            return "CREATE TABLE IF NOT EXISTS " + table + " ("
                    + SqlIdentifier.quote(REQUEST_ID) + " text PRIMARY KEY, "
                    + SqlIdentifier.quote(TIMESTAMP) + " numeric(18,7) NOT NULL, "
                    + SqlIdentifier.quote(BODY) + " json NOT NULL)";
        }

        /** @param copyInto {@code COPY table (columns)}; the ordinal column goes first */
        private void copy(String copyInto, List<WarehouseRow> rows, boolean withOrdinal)
                throws SQLException {
            PGConnection pg = connection.unwrap(PGConnection.class);
            CopyIn copy = pg.getCopyAPI().copyIn(copyInto + " FROM STDIN WITH (FORMAT csv)");
            try {
                CopyChunk chunk = new CopyChunk();
                for (int ordinal = 0; ordinal < rows.size(); ordinal++) {
                    writeCsvLine(chunk, withOrdinal ? ordinal : -1, rows.get(ordinal));
                    if (chunk.size() >= COPY_CHUNK_BYTES) {
                        chunk.sendTo(copy);
                    }
                }
                chunk.sendTo(copy);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }

        /** @param ordinal the staged row's number, or -1 for a line without one */
        private static void writeCsvLine(CopyChunk out, int ordinal, WarehouseRow row) {
            if (ordinal >= 0) {
                out.writeBytes(Integer.toString(ordinal).getBytes(StandardCharsets.US_ASCII));
                out.write(',');
            }
            writeQuoted(out, row.requestId());
            out.write(',');
            writeQuoted(out, row.timestamp());
            out.write(',');
            writeQuoted(out, row.body());
            out.write('\n');
        }

        /**
         * A CSV field in quotes: newlines and commas need nothing more, quotes are doubled.
         * Done on the UTF-8 bytes, where a quote is always the one byte 0x22 (no multi-byte
         * character contains it), so the text is encoded once and copied in runs.
         */
        private static void writeQuoted(CopyChunk out, String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            out.write('"');
            int runStart = 0;
            for (int i = 0; i < utf8.length; i++) {
                if (utf8[i] == '"') {
                    // The run ends with this quote and the next starts with it: doubled.
                    out.write(utf8, runStart, i + 1 - runStart);
                    runStart = i;
                }
            }
            out.write(utf8, runStart, utf8.length - runStart);
            out.write('"');
        }

        /**
         * Inserts staged rows {@code first..last}; on a data error, rolls back to the
         * savepoint and splits the range, until the bad rows stand alone and are refused.
         */
        private long insertRange(String table, List<WarehouseRow> rows, int first, int last,
                List<RefusedRow> refused) throws SQLException {
            Savepoint beforeInsert = connection.setSavepoint();
            try (PreparedStatement insert = connection.prepareStatement(
                    insertSql(SqlIdentifier.quote(table)))) {
                insert.setInt(1, first);
                insert.setInt(2, last);
                long inserted = insert.executeUpdate();
                connection.releaseSavepoint(beforeInsert);
                return inserted;
            } catch (SQLException failed) {
                if (!isDataError(failed)) {
                    throw failed;
                }
                connection.rollback(beforeInsert);
                if (first == last) {
                    refused.add(new RefusedRow(table, rows.get(first),
                            ErrorText.firstLine(failed.getMessage())));
                    return 0;
                }
                int middle = first + (last - first) / 2;
                return insertRange(table, rows, first, middle, refused)
                        + insertRange(table, rows, middle + 1, last, refused);
            }
        }

        private static String insertSql(String table) {
            return "INSERT INTO " + table + " (" + SqlIdentifier.quote(REQUEST_ID) + ", "
                    + SqlIdentifier.quote(TIMESTAMP) + ", " + SqlIdentifier.quote(BODY) + ")"
                    + " SELECT request_id, CAST(ts AS numeric(18,7)), CAST(body AS json)"
                    + " FROM " + STAGING + " WHERE ordinal BETWEEN ? AND ?"
                    + " ON CONFLICT (" + SqlIdentifier.quote(REQUEST_ID) + ") DO NOTHING";
        }

        private void rollbackQuietly() {
            try {
                connection.rollback();
            } catch (SQLException alreadyBroken) {
                // A broken connection is evicted by the pool; nothing was committed.
            }
        }

        @Override
        public void close() {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException broken) {
                // The pool tests and evicts a broken connection when it comes back.
            }
            try {
                connection.close();
            } catch (SQLException closeFailed) {
                // Returning a connection to the pool does not fail in a way we could act on.
            }
        }
    }

    /** The bytes of one COPY write, handed to the driver without a copy of the buffer. */
    private static final class CopyChunk extends ByteArrayOutputStream {

        CopyChunk() {
            super(COPY_CHUNK_BYTES * 2);
        }

        void sendTo(CopyIn copy) throws SQLException {
            copy.writeToCopy(buf, 0, count);
            reset();
        }
    }
}
