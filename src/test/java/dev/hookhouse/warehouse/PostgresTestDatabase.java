package dev.hookhouse.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on the local PostgreSQL server (127.0.0.1:5432, user postgres), so
 * that tests running at the same time never see each other's tables. Dropped on close.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String HOST_PORT = "127.0.0.1:5432";
    public static final String USER = "postgres";

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    public static PostgresTestDatabase create(Class<?> testClass) throws SQLException {
        String name = ("hh_" + testClass.getSimpleName() + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (Connection admin = DriverManager.getConnection(urlOf("test"), USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new PostgresTestDatabase(name);
    }

    public static String urlOf(String database) {
        return "jdbc:postgresql://" + HOST_PORT + "/" + database;
    }

    public String url() {
        return urlOf(name);
    }

    public String urlThrough(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Drops every table: each test starts from an empty warehouse. */
    public void reset() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA public CASCADE");
            statement.execute("CREATE SCHEMA public");
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(urlOf("test"), USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
