package dev.hookhouse.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.HookhouseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on the embedded default: an SQLite file in a fresh directory. */
class SqliteRegistryTest extends RegistryContractTest {

    @TempDir
    Path dataDir;

    @Override
    RegistryConnections emptyDatabase() {
        return connections();
    }

    @Override
    RegistryConnections connections() {
        return RegistryConnections.forUrl(url(), "", "");
    }

    private String url() {
        return "jdbc:sqlite:" + registryFile();
    }

    private Path registryFile() {
        return dataDir.resolve("nested").resolve("data").resolve("registry.db");
    }

    @Test
    void defaultConfigurationPutsTheRegistryInTheDataDirectory() throws Exception {
        HookhouseConfig config = HookhouseConfig.of(Map.of(
                HookhouseConfig.DATA_DIR.key(), dataDir.resolve("fresh").toString()));

        Registry.open(config, clock).createToken("first");

        assertTrue(Files.isRegularFile(dataDir.resolve("fresh").resolve("registry.db")));
    }

    @Test
    void fileIsInWriteAheadLogMode() throws Exception {
        registry.createToken("any");

        try (Connection raw = DriverManager.getConnection(url());
                Statement statement = raw.createStatement();
                ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertEquals("wal", mode.getString(1));
        }
    }

    @Test
    void noConnectionOrLockIsHeldBetweenOperations() throws Exception {
        registry.createToken("any");
        registry.createPipeline("orders", null);
        registry.snapshot();

        // SQLite removes the log when the last connection to the file closes
        assertFalse(Files.exists(Path.of(registryFile() + "-wal")));
        try (Connection raw = DriverManager.getConnection(url());
                Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("COMMIT");
        }
    }
}
