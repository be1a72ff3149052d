package dev.hookhouse.e2e.bench;

import dev.hookhouse.warehouse.SqlIdentifier;
import dev.hookhouse.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the warehouse again and again which request ids a table holds, and notes when each
 * was first seen: the start of the first query that returned it, so a row was visible at the
 * latest then, and at the earliest at the previous query's start.
 *
 * <p>It runs in the server's JVM and opens the embedded DuckDB file exactly as the loader
 * does, so the two share one database instead of locking each other out (a reader in another
 * process would make the loader back off and distort what is measured). It keeps one
 * connection for the whole run: a connection closed and reopened at every poll races the
 * loader's own open and close of the file, which DuckDB refuses ("Unique file handle
 * conflict") and the loader then retries a second later. The price is a small bias in the
 * loader's favour: while this connection is open, the loader's session joins the open
 * database instead of opening the file, and its close does not checkpoint.
 */
final class VisibilityWatcher implements AutoCloseable {

    private final String url;
    private final Properties credentials;
    private final String select;
    private final long pollMillis;
    private final Map<String, Long> firstSeenNanosById = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile SQLException lastFailure;

    VisibilityWatcher(String url, Properties credentials, String table, long pollMillis) {
        this.url = url;
        this.credentials = credentials;
        this.select = "SELECT " + SqlIdentifier.quote(Warehouse.REQUEST_ID) + " FROM "
                + SqlIdentifier.quote(table);
        this.pollMillis = pollMillis;
        this.thread = new Thread(this::watch, "visibility-watcher");
        thread.setDaemon(true);
    }

    VisibilityWatcher start() {
        thread.start();
        return this;
    }

    private void watch() {
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            while (running) {
                poll(connection);
                Thread.sleep(pollMillis);
            }
        } catch (SQLException cannotConnect) {
            lastFailure = cannotConnect;
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll(Connection connection) {
        long queryStartedNanos = System.nanoTime();
        try (Statement statement = connection.createStatement();
                ResultSet ids = statement.executeQuery(select)) {
            while (ids.next()) {
                firstSeenNanosById.putIfAbsent(ids.getString(1), queryStartedNanos);
            }
        } catch (SQLException notYet) {
            // Before the first load the table does not exist; the next poll asks again.
            lastFailure = notYet;
        }
    }

    Map<String, Long> firstSeenNanosById() {
        return firstSeenNanosById;
    }

    SQLException lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
