package dev.hookhouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookhouseConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheDocumentedValues() {
        HookhouseConfig config = HookhouseConfig.load(null, Map.of());

        assertEquals(8080, config.integer(HookhouseConfig.HTTP_PORT));
        assertEquals(Path.of("spool"), config.spoolDir());
        assertEquals(25L * 1024 * 1024, config.number(HookhouseConfig.HTTP_MAX_BODY_BYTES));
        assertEquals(1000, config.integer(HookhouseConfig.LOADER_INTERVAL_MS));
        assertTrue(config.warehouseUrl().startsWith("jdbc:duckdb:"));
        assertTrue(config.warehouseUrl().endsWith("data/warehouse.duckdb"));
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = write("hookhouse.http.port=9000\nhookhouse.spool.dir=/var/spool/x\n");

        HookhouseConfig config = HookhouseConfig.load(file, Map.of("HOOKHOUSE_HTTP_PORT", "9100"));

        assertEquals(9100, config.integer(HookhouseConfig.HTTP_PORT));
        assertEquals(Path.of("/var/spool/x"), config.spoolDir());
    }

    @Test
    void hyphenatedKeysMapToUnderscoredEnvironmentNames() {
        assertEquals("HOOKHOUSE_HTTP_MAX_BODY_BYTES",
                HookhouseConfig.HTTP_MAX_BODY_BYTES.environmentName());

        HookhouseConfig config = HookhouseConfig.load(null,
                Map.of("HOOKHOUSE_HTTP_MAX_BODY_BYTES", "2048"));

        assertEquals(2048, config.number(HookhouseConfig.HTTP_MAX_BODY_BYTES));
    }

    @Test
    void outOfRangeValueIsRefusedWithKeyValueAndRange() throws IOException {
        Path file = write("hookhouse.http.port=70000\n");

        ConfigException refused = assertThrows(ConfigException.class,
                () -> HookhouseConfig.load(file, Map.of()));

        assertTrue(refused.getMessage().contains("hookhouse.http.port"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'70000'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("from 0 to 65535"), refused.getMessage());
    }

    @Test
    void notANumberIsRefused() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> HookhouseConfig.load(null, Map.of("HOOKHOUSE_LOADER_INTERVAL_MS", "1s")));

        assertTrue(refused.getMessage().contains("HOOKHOUSE_LOADER_INTERVAL_MS"));
        assertTrue(refused.getMessage().contains("'1s'"));
    }

    @Test
    void badBooleanIsRefused() {
        ConfigException refused = assertThrows(ConfigException.class,
                () -> HookhouseConfig.load(null, Map.of("HOOKHOUSE_SPOOL_FSYNC", "yes")));

        assertTrue(refused.getMessage().contains("true or false"), refused.getMessage());
    }

    @Test
    void unknownKeyInTheFileIsRefusedRatherThanIgnored() throws IOException {
        Path file = write("hookhouse.http.prot=8081\n");

        ConfigException refused = assertThrows(ConfigException.class,
                () -> HookhouseConfig.load(file, Map.of()));

        assertTrue(refused.getMessage().contains("hookhouse.http.prot"), refused.getMessage());
    }

    @Test
    void secretsAreMaskedInTheDescription() {
        HookhouseConfig config = HookhouseConfig.load(null, Map.of(
                "HOOKHOUSE_WAREHOUSE_PASSWORD", "hunter2secret",
                "HOOKHOUSE_WAREHOUSE_URL",
                "jdbc:postgresql://db:5432/w?user=u&password=urlsecret",
                "HOOKHOUSE_REGISTRY_URL", "jdbc:postgresql://u:inlinesecret@db/r"));

        String described = config.describe();

        assertFalse(described.contains("hunter2secret"), described);
        assertFalse(described.contains("urlsecret"), described);
        assertFalse(described.contains("inlinesecret"), described);
        assertTrue(described.contains("hookhouse.warehouse.password=****"), described);
    }

    @Test
    void refusalOfASecretDoesNotShowIt() {
        Setting secret = HookhouseConfig.WAREHOUSE_PASSWORD;
        Setting strict = new Setting(secret.key(), "", Setting.Kind.INTEGER, 0, 1, true, "");

        ConfigException refused = assertThrows(ConfigException.class,
                () -> strict.check("hunter2", "test"));

        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("hookhouse.properties");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
