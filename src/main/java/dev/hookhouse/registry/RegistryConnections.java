package dev.hookhouse.registry;

import dev.hookhouse.config.HookhouseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a fresh JDBC connection to the registry for each operation and nothing more: no pool,
 * no connection kept between operations.
 *
 * <p>Why no pool: the registry is touched once a second by the loader and now and then by the
 * CLI. Opening costs well under a millisecond for SQLite and a few milliseconds for PostgreSQL
 * over loopback, and a closed SQLite connection leaves nothing behind in the file, so the CLI in
 * another process never waits on a connection this process forgot about.
 *
 * <p>SQLite gets a busy timeout of {@value #SQLITE_BUSY_TIMEOUT_MS} ms on every connection, so a
 * writer that meets another writer waits instead of failing with SQLITE_BUSY; the schema code
 * switches the file to WAL once, after which readers never wait for writers. PostgreSQL gets a
 * connect and a socket timeout unless the URL sets its own, so a registry that stops answering
 * fails the loader's run instead of hanging it.
 */
public final class RegistryConnections {

    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final int POSTGRES_CONNECT_TIMEOUT_SECONDS = 10;
    private static final int POSTGRES_SOCKET_TIMEOUT_SECONDS = 60;

    private final String url;
    private final Properties properties;

    private RegistryConnections(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    /** Connections as the configuration describes: registry URL, user and password. */
    public static RegistryConnections from(HookhouseConfig config) {
        return forUrl(config.registryUrl(), config.text(HookhouseConfig.REGISTRY_USER),
                config.text(HookhouseConfig.REGISTRY_PASSWORD));
    }

    /** Connections to {@code url}; an empty user or password is not sent. */
    public static RegistryConnections forUrl(String url, String user, String password) {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }

        if (url.startsWith(SQLITE_PREFIX)) {
            properties.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
        } else if (url.startsWith(POSTGRES_PREFIX)) {
            // pgjdbc lets parameters in the URL win over these
            properties.setProperty("connectTimeout",
                    Integer.toString(POSTGRES_CONNECT_TIMEOUT_SECONDS));
            properties.setProperty("socketTimeout",
                    Integer.toString(POSTGRES_SOCKET_TIMEOUT_SECONDS));
        }
        return new RegistryConnections(url, properties);
    }

    /** A new connection in auto-commit mode; the caller closes it. */
    public Connection open() throws SQLException {
        if (isSqlite()) {
            createSqliteDirectory();
        }
        return DriverManager.getConnection(url, properties);
    }

    public boolean isSqlite() {
        return url.startsWith(SQLITE_PREFIX);
    }

    /** The URL with any password masked, for error messages. */
    public String describe() {
        return HookhouseConfig.maskUrlSecrets(url);
    }

    /** SQLite creates the file but not its directory; a fresh data dir would fail otherwise. */
    private void createSqliteDirectory() throws SQLException {
        Path file = sqliteFile();
        if (file == null || file.getParent() == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException unwritable) {
            throw new SQLException("cannot create the directory of the registry file "
                    + file + ": " + unwritable, unwritable);
        }
    }

    private Path sqliteFile() {
        String location = url.substring(SQLITE_PREFIX.length());
        int query = location.indexOf('?');
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.isEmpty() || location.startsWith(":memory:")) {
            return null;
        }
        return Path.of(location);
    }
}
