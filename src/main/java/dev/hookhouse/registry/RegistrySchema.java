package dev.hookhouse.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's tables, created on first use and upgraded in numbered steps. The SQL is plain
 * enough to run unchanged on SQLite and PostgreSQL: no sequences, no vendor types, times as
 * epoch milliseconds in BIGINT columns, a state change as a nullable time.
 *
 * <pre>
 * hookhouse_registry_schema  version INTEGER PK, applied_at_ms BIGINT
 * hookhouse_tokens           token_key VARCHAR(36) PK, name, token_sha256 CHAR(64),
 *                            created_at_ms BIGINT, revoked_at_ms BIGINT NULL (null: active)
 * hookhouse_pipelines        pipeline_id BIGINT PK, name, table_name,
 *                            table_key UNIQUE (lower-case table_name),
 *                            created_at_ms BIGINT, disabled_at_ms BIGINT NULL (null: enabled)
 * </pre>
 *
 * <p>Several processes may open a new registry at once (two servers, a server and the CLI).
 * Each step runs in one transaction together with the insert of its version row, whose primary
 * key lets only one of them apply it; the others fail, roll back, read the version again and
 * find nothing left to do.
 */
final class RegistrySchema {

    static final int LATEST_VERSION = 1;
    static final String VERSION_TABLE = "hookhouse_registry_schema";

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySchema.class);
    private static final int MAX_ATTEMPTS = 5;

    private static final List<List<String>> STEPS = List.of(List.of(
            "CREATE TABLE hookhouse_tokens ("
                    + " token_key VARCHAR(36) NOT NULL PRIMARY KEY,"
                    + " name VARCHAR(200) NOT NULL,"
                    + " token_sha256 CHAR(64) NOT NULL,"
                    + " created_at_ms BIGINT NOT NULL,"
                    + " revoked_at_ms BIGINT)",
            "CREATE TABLE hookhouse_pipelines ("
                    + " pipeline_id BIGINT NOT NULL PRIMARY KEY,"
                    + " name VARCHAR(200) NOT NULL,"
                    + " table_name VARCHAR(200) NOT NULL,"
                    + " table_key VARCHAR(400) NOT NULL UNIQUE,"
                    + " created_at_ms BIGINT NOT NULL,"
                    + " disabled_at_ms BIGINT)"));

    private final RegistryConnections connections;
    private final Clock clock;

    RegistrySchema(RegistryConnections connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    /** Brings the registry to {@link #LATEST_VERSION}; safe to call from several processes. */
    void ensureLatest() throws SQLException {
        SQLException lastFailure = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection connection = connections.open()) {
                if (upgrade(connection)) {
                    return;
                }
            } catch (SQLException raceOrFailure) {
                // a concurrent creator wins with a duplicate-key or already-exists error
                LOG.debug("registry schema attempt {} of {} failed", attempt, MAX_ATTEMPTS,
                        raceOrFailure);
                lastFailure = raceOrFailure;
            }
        }
        throw lastFailure;
    }

    /** Applies every missing step; true once the schema is current. */
    private boolean upgrade(Connection connection) throws SQLException {
        if (connections.isSqlite()) {
            useWriteAheadLog(connection);
        }
        createVersionTable(connection);

        int version = currentVersion(connection);
        if (version > LATEST_VERSION) {
            throw new RegistryException(RegistryException.Kind.CONFLICT,
                    "the registry at " + connections.describe() + " has schema version "
                            + version + ", newer than this Hookhouse understands ("
                            + LATEST_VERSION + "): upgrade Hookhouse");
        }
        while (version < LATEST_VERSION) {
            version++;
            applyStep(connection, version);
        }
        return true;
    }

    /** Persistent in the file; readers then never wait for the writer. */
    private static void useWriteAheadLog(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet mode = statement.executeQuery("PRAGMA journal_mode=WAL")) {
            String modeNow = mode.next() ? mode.getString(1) : "unknown";
            if (!"wal".equalsIgnoreCase(modeNow)) {
                LOG.warn("registry: SQLite refused WAL mode (journal mode is {}); the CLI and"
                        + " the loader may wait on each other", modeNow);
            }
        }
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
                    + " (version INTEGER NOT NULL PRIMARY KEY, applied_at_ms BIGINT NOT NULL)");
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT MAX(version) FROM " + VERSION_TABLE)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void applyStep(Connection connection, int version) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement claim = connection.prepareStatement(
                    "INSERT INTO " + VERSION_TABLE + " (version, applied_at_ms) VALUES (?, ?)")) {
                claim.setInt(1, version);
                claim.setLong(2, clock.millis());
                claim.executeUpdate();
            }

            try (Statement statement = connection.createStatement()) {
                for (String sql : STEPS.get(version - 1)) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            LOG.debug("registry schema upgraded to version {}", version);
        } catch (SQLException | RuntimeException failed) {
            connection.rollback();
            throw failed;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
