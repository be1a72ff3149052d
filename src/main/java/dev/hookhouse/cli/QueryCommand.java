package dev.hookhouse.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hookhouse.config.HookhouseConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs one read-only SQL statement against the warehouse, so a new user can see their rows
 * without installing a database client. The embedded DuckDB file is opened read-only: the
 * server's loader holds it only while it loads, and a query that meets a load is told to retry.
 */
@Command(name = "query", description = "Run a read-only SQL query against the warehouse.")
final class QueryCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print rows as a JSON array of objects.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "SQL", description = "The query, e.g. 'SELECT * FROM orders'.")
    String sql;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HookhouseConfig settings = config.load();
        String url = settings.warehouseUrl();

        try (Connection connection = openReadOnly(settings, url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            print(rows, spec.commandLine().getOut());
            return 0;
        } catch (SQLException failed) {
            String hint = failed.getMessage() != null && failed.getMessage().contains("lock")
                    ? " (the loader is writing; try again in a moment)" : "";
            spec.commandLine().getErr().println("hookhouse: query failed on "
                    + HookhouseConfig.maskUrlSecrets(url) + ": " + failed.getMessage() + hint);
            return 1;
        }
    }

    private static Connection openReadOnly(HookhouseConfig settings, String url)
            throws SQLException {
        Properties properties = new Properties();
        if (url.startsWith("jdbc:duckdb:")) {
            properties.setProperty("duckdb.read_only", "true");
        }
        String user = settings.text(HookhouseConfig.WAREHOUSE_USER);
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
            properties.setProperty("password", settings.text(HookhouseConfig.WAREHOUSE_PASSWORD));
        }

        Connection connection = DriverManager.getConnection(url, properties);
        connection.setReadOnly(true);
        return connection;
    }

    private void print(ResultSet rows, PrintWriter out) throws Exception {
        ResultSetMetaData columns = rows.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            names.add(columns.getColumnLabel(i));
        }

        List<Map<String, String>> result = new ArrayList<>();
        while (rows.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= names.size(); i++) {
                row.put(names.get(i - 1), rows.getString(i));
            }
            result.add(row);
        }

        if (json) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            return;
        }
        TextTable table = new TextTable(names.toArray(String[]::new));
        for (Map<String, String> row : result) {
            table.add(row.values().stream().map(value -> value == null ? "NULL" : value)
                    .toArray(String[]::new));
        }
        table.print(out);
        out.println("(" + result.size() + (result.size() == 1 ? " row)" : " rows)"));
    }
}
