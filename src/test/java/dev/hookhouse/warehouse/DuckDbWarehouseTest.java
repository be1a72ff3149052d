package dev.hookhouse.warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class DuckDbWarehouseTest extends WarehouseContractTest {

    @TempDir
    Path temp;

    @Override
    Warehouse newWarehouse() {
        return new DuckDbWarehouse("jdbc:duckdb:" + temp.resolve("warehouse.duckdb"));
    }

    @Override
    Connection openReader() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + temp.resolve("warehouse.duckdb"));
    }
}
