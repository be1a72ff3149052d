package dev.hookhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.ConfigException;
import dev.hookhouse.config.HookhouseConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehousesTest {

    @TempDir
    Path temp;

    @Test
    void theDefaultIsADuckDbFileInTheDataDirectory() {
        HookhouseConfig config = HookhouseConfig.of(Map.of("hookhouse.data.dir",
                temp.toString()));

        try (Warehouse warehouse = Warehouses.open(config)) {
            DuckDbWarehouse duckDb = assertInstanceOf(DuckDbWarehouse.class, warehouse);
            assertEquals(temp.resolve("warehouse.duckdb").toAbsolutePath(), duckDb.file());
        }
    }

    @Test
    void aPostgresUrlGivesPostgresWithTheUrlPasswordMasked() {
        HookhouseConfig config = HookhouseConfig.of(Map.of("hookhouse.warehouse.url",
                "jdbc:postgresql://127.0.0.1:5432/test?password=hunter2"));

        try (Warehouse warehouse = Warehouses.open(config)) {
            assertInstanceOf(PostgresWarehouse.class, warehouse);
            assertFalse(warehouse.describe().contains("hunter2"), warehouse.describe());
        }
    }

    @Test
    void anInMemoryOrUnknownWarehouseIsRefusedWithTheKey() {
        for (String url : new String[] {"jdbc:duckdb:", "jdbc:duckdb::memory:",
                "jdbc:mysql://localhost/x"}) {
            HookhouseConfig config = HookhouseConfig.of(Map.of("hookhouse.warehouse.url", url));

            ConfigException refused = assertThrows(ConfigException.class,
                    () -> Warehouses.open(config));

            assertTrue(refused.getMessage().contains("hookhouse.warehouse.url"),
                    refused.getMessage());
        }
    }
}
