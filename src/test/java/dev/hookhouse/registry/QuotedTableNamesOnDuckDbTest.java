package dev.hookhouse.registry;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.warehouse.SqlIdentifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quoted table names in a real DuckDB file. */
class QuotedTableNamesOnDuckDbTest extends QuotedTableNamesContractTest {

    @TempDir
    Path dir;

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
    }

    /** Why the registry compares table names ignoring case. */
    @Test
    void duckDbTakesNamesDifferingOnlyInCaseForOneTable() throws Exception {
        try (Connection warehouse = connect()) {
            execute(warehouse, "CREATE TABLE " + SqlIdentifier.quote("Orders") + " (id INTEGER)");

            SQLException clash = assertThrows(SQLException.class, () -> execute(warehouse,
                    "CREATE TABLE " + SqlIdentifier.quote("orders") + " (id INTEGER)"));

            assertTrue(clash.getMessage().contains("already exists"), clash.getMessage());
        }
    }
}
