package dev.hookhouse.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.warehouse.SqlIdentifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlIdentifier#quote} against a real warehouse: every awkward name a user may type becomes
 * a table of exactly that name, which can be written and read back, and nothing in a name
 * escapes into the SQL around it.
 */
abstract class QuotedTableNamesContractTest {

    static final String INJECTION = "x\"; DROP TABLE victim; --";

    static List<String> awkwardNames() {
        List<String> names = new ArrayList<>(List.of(
                "my-pipeline", "a.b", "with space", "it's \"quoted\"", "Orders", "select",
                "table", "from", "Zürich", "日本語", "\"", "\"\"", INJECTION, "back\\slash",
                "percent%s?", "emoji 🎉", "$1", "`tick`", "[bracket]", "semi;colon"));
        names.add("a".repeat(TableName.MAX_BYTES));
        names.add("é".repeat(31) + "x");
        names.add(TableName.derive("Orders (EU) 2024", 835212));
        names.add(TableName.derive("!!!", 835212));
        return names;
    }

    /** A connection to an empty warehouse of the kind under test. */
    abstract Connection connect() throws Exception;

    @Test
    void everyAwkwardNameBecomesATableOfExactlyThatName() throws Exception {
        try (Connection warehouse = connect()) {
            execute(warehouse, "CREATE TABLE victim (id INTEGER)");

            for (String table : awkwardNames()) {
                String quoted = SqlIdentifier.quote(TableName.check(table));
                execute(warehouse, "CREATE TABLE " + quoted + " (id INTEGER, body VARCHAR)");
                insert(warehouse, quoted, table);

                assertEquals(List.of(table), bodies(warehouse, quoted), table);
                assertEquals(List.of(table), tablesNamedExactly(warehouse, table), table);
            }
            assertEquals(List.of("victim"), tablesNamedExactly(warehouse, "victim"));
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static List<String> tablesNamedExactly(Connection connection, String table)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_name = ?")) {
            select.setString(1, table);
            return strings(select);
        }
    }

    private static void insert(Connection connection, String quoted, String body)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + quoted + " (id, body) VALUES (1, ?)")) {
            insert.setString(1, body);
            insert.executeUpdate();
        }
    }

    private static List<String> bodies(Connection connection, String quoted)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT body FROM " + quoted)) {
            return strings(select);
        }
    }

    private static List<String> strings(PreparedStatement select) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        assertTrue(values.size() <= 1, "more than one row: " + values);
        return values;
    }
}
