package dev.hookhouse.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on the local PostgreSQL server (127.0.0.1:5432, user postgres), made
 * through the {@code postgres} database and dropped on close, so test classes running at the
 * same time never meet. A server that cannot be reached fails the test.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code hh_<purpose>_<random>}. */
    public static PostgresTestDatabase create(String purpose) throws SQLException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String name = ("hh_" + purpose + "_" + suffix).toLowerCase(Locale.ROOT);
        try (Connection admin = adminConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new PostgresTestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return SERVER_URL + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = adminConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(SERVER_URL + "postgres", USER, "");
    }
}
