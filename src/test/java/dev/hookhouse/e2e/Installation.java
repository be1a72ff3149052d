package dev.hookhouse.e2e;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.config.Setting;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.spool.SpoolLayout;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One Hookhouse installation in a directory of its own, as a user would have it: a spool, a
 * data directory with the embedded registry (and the DuckDB file unless the warehouse is set
 * elsewhere), and a config file the CLI reads. The server listens on 127.0.0.1 only.
 */
final class Installation {

    private final Path dir;
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Installation(Path dir) {
        this.dir = dir;
        settings.put(HookhouseConfig.HTTP_HOST.key(), "127.0.0.1");
        settings.put(HookhouseConfig.HTTP_PORT.key(), "0");
        settings.put(HookhouseConfig.SPOOL_DIR.key(), dir.resolve("spool").toString());
        settings.put(HookhouseConfig.DATA_DIR.key(), dir.resolve("data").toString());
    }

    static Installation in(Path dir) {
        return new Installation(dir);
    }

    Installation with(Setting setting, String value) {
        settings.put(setting.key(), value);
        return this;
    }

    /** The warehouse: a PostgreSQL database reached as user postgres without a password. */
    Installation withPostgresWarehouse(String jdbcUrl) {
        return with(HookhouseConfig.WAREHOUSE_URL, jdbcUrl)
                .with(HookhouseConfig.WAREHOUSE_USER, "postgres");
    }

    HookhouseConfig config() {
        return HookhouseConfig.of(settings);
    }

    Path spoolDir() {
        return config().spoolDir();
    }

    /** No sealed segment waits: whatever was sealed has been loaded or set aside. */
    boolean nothingWaitsForTheLoader() throws IOException {
        return new SpoolLayout(spoolDir()).sealedSegments().isEmpty();
    }

    /** Files in the rejected and dead-letter areas: records the loader set aside. */
    List<Path> setAsideFiles() throws IOException {
        SpoolLayout layout = new SpoolLayout(spoolDir());
        List<Path> files = new ArrayList<>(SpoolLayout.list(layout.rejected(), ""));
        files.addAll(SpoolLayout.list(layout.deadLetter(), ""));
        return files;
    }

    Registry registry(Clock clock) {
        return Registry.open(config(), clock);
    }

    /** Writes the settings as the properties file {@code --config} takes. */
    Path configFile() throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = dir.resolve("hookhouse.properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "end-to-end test installation");
        }
        return file;
    }

    /** The settings as the HOOKHOUSE_* environment of a server in its own process. */
    Map<String, String> environment(int httpPort, int managementPort) {
        Map<String, String> environment = new HashMap<>();
        for (Setting setting : HookhouseConfig.SETTINGS) {
            String value = settings.get(setting.key());
            if (value != null) {
                environment.put(setting.environmentName(), value);
            }
        }
        environment.put(HookhouseConfig.HTTP_PORT.environmentName(), Integer.toString(httpPort));
        environment.put(HookhouseConfig.MANAGEMENT_PORT.environmentName(),
                Integer.toString(managementPort));
        return environment;
    }
}
