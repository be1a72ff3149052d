package dev.hookhouse.warehouse;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Another process using the warehouse file, as a user with the duckdb shell would.
 * {@code DuckDbPeek count FILE TABLE} opens it read-only and prints the table's row count;
 * {@code DuckDbPeek hold FILE} opens it for writing, prints {@code holding} and keeps it until
 * its standard input closes.
 */
public final class DuckDbPeek {

    private DuckDbPeek() {
    }

    public static void main(String[] args) throws SQLException, IOException {
        String url = DuckDbWarehouse.URL_PREFIX + args[1];
        if (args[0].equals("hold")) {
            try (Connection connection = DriverManager.getConnection(url)) {
                System.out.println("holding");
                System.out.flush();
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return;
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection connection = DriverManager.getConnection(url, readOnly);
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM "
                        + SqlIdentifier.quote(args[2]))) {
            count.next();
            System.out.println(count.getLong(1));
        }
    }
}
