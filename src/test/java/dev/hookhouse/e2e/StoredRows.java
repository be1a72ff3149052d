package dev.hookhouse.e2e;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.warehouse.SqlIdentifier;
import dev.hookhouse.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a pipeline's table back from the warehouse a configuration points at, as a user would.
 *
 * <p>The embedded DuckDB file is opened only for the read, so the loader keeps opening and
 * closing the file itself as it does in production. A test whose server runs in this JVM
 * opens it exactly as the loader does: the DuckDB driver then shares one database between the
 * two connections (it refuses a second one of another configuration in the same process). An
 * open that races the loader's close is refused by DuckDB on one side or the other: a refused
 * read is "not yet" to the caller's polling, a refused load is retried by the loader. A test
 * whose server is another process opens the file read-only, and a read that meets a load fails
 * with a lock error, again "not yet".
 */
final class StoredRows {

    /**
     * One stored row, every value read back as the text the database holds.
     */
    record Row(String requestId, String timestamp, String body) {
    }

    private final String url;
    private final Properties properties = new Properties();

    private StoredRows(String url) {
        this.url = url;
    }

    /** A reader in the server's own JVM. */
    static StoredRows inProcess(HookhouseConfig config) {
        StoredRows reader = new StoredRows(config.warehouseUrl());
        reader.addCredentials(config);
        return reader;
    }

    /** A reader in another process than the server's: the DuckDB file is opened read-only. */
    static StoredRows besideServer(HookhouseConfig config) {
        StoredRows reader = inProcess(config);
        if (reader.url.startsWith("jdbc:duckdb:")) {
            reader.properties.setProperty("duckdb.read_only", "true");
        }
        return reader;
    }

    private void addCredentials(HookhouseConfig config) {
        String user = config.text(HookhouseConfig.WAREHOUSE_USER);
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
            properties.setProperty("password",
                    config.text(HookhouseConfig.WAREHOUSE_PASSWORD));
        }
    }

    /** Every row of {@code table} by request id; empty while the table does not exist. */
    Map<String, Row> rows(String table) throws SQLException {
        String select = "SELECT " + column(Warehouse.REQUEST_ID) + ", "
                + asText(Warehouse.TIMESTAMP) + ", " + asText(Warehouse.BODY)
                + " FROM " + SqlIdentifier.quote(table);
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Connection connection = connect()) {
            if (!tableExists(connection, table)) {
                return rows;
            }
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(select)) {
                while (result.next()) {
                    Row row = new Row(result.getString(1), result.getString(2),
                            result.getString(3));
                    rows.put(row.requestId(), row);
                }
            }
        }
        return rows;
    }

    /** How many rows each request id has in {@code table}; empty while it does not exist. */
    Map<String, Long> countById(String table) throws SQLException {
        String select = "SELECT " + column(Warehouse.REQUEST_ID) + ", count(*) FROM "
                + SqlIdentifier.quote(table) + " GROUP BY 1";
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = connect()) {
            if (!tableExists(connection, table)) {
                return counts;
            }
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(select)) {
                while (result.next()) {
                    counts.put(result.getString(1), result.getLong(2));
                }
            }
        }
        return counts;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    private static boolean tableExists(Connection connection, String table)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            query.setString(1, table);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1) > 0;
            }
        }
    }

    private static String column(String name) {
        return SqlIdentifier.quote(name);
    }

    /** The text the database holds; the same SQL in DuckDB and PostgreSQL. */
    private static String asText(String name) {
        return "CAST(" + column(name) + " AS VARCHAR)";
    }
}
