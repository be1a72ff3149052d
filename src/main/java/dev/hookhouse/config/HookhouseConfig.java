package dev.hookhouse.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * Hookhouse's settings, read once at startup from defaults, then an optional properties file,
 * then the environment (highest precedence). Every value is checked here, so a bad one stops
 * the process before it binds a port or touches the spool.
 *
 * <p>The README's configuration table lists the same keys; {@link #SETTINGS} is the source.
 */
public final class HookhouseConfig {

    private static final long MIB = 1024L * 1024L;

    public static final Setting HTTP_HOST = Setting.text("hookhouse.http.host", "0.0.0.0",
            "Address the webhook endpoint listens on.");
    public static final Setting HTTP_PORT = Setting.integer("hookhouse.http.port", 8080, 0, 65535,
            "Port of the webhook endpoint (0 picks a free port).");
    public static final Setting HTTP_MAX_BODY_BYTES = Setting.integer(
            "hookhouse.http.max-body-bytes", 25 * MIB, 1024, 1024 * MIB,
            "Largest request body accepted, in bytes, measured after gzip/deflate decoding.");
    public static final Setting HTTP_WORKER_THREADS = Setting.integer(
            "hookhouse.http.worker-threads", 256, 4, 4096,
            "Threads that decode bodies read whole and wait for the spool.");
    public static final Setting HTTP_MAX_BUFFERED_BYTES = Setting.integer(
            "hookhouse.http.max-buffered-bytes", 256 * MIB, 1 * MIB, 64 * 1024 * MIB,
            "Bytes of bodies held in memory at once, from their first byte until spooled;"
                    + " a body that would pass it gets 503 SPOOL_UNAVAILABLE.");
    public static final Setting HTTP_BODY_TIMEOUT_MS = Setting.integer(
            "hookhouse.http.body-timeout-ms", 60_000, 100, 3_600_000,
            "Longest time a sender may take to deliver its body, in milliseconds.");

    public static final Setting SPOOL_DIR = Setting.text("hookhouse.spool.dir", "spool",
            "Directory of the spool: open, sealed, archived and rejected segments.");
    public static final Setting SPOOL_SEAL_AFTER_MS = Setting.integer(
            "hookhouse.spool.seal-after-ms", 500, 10, 3_600_000,
            "Age at which the open segment is sealed and handed to the loader, in milliseconds.");
    public static final Setting SPOOL_SEGMENT_MAX_BYTES = Setting.integer(
            "hookhouse.spool.segment-max-bytes", 64 * MIB, 1 * MIB, 4096 * MIB,
            "Size at which the open segment is sealed, in bytes.");
    public static final Setting SPOOL_FSYNC = Setting.bool("hookhouse.spool.fsync", true,
            "Fsync before answering 200. Only benchmarks turn this off: acks stop being durable.");
    public static final Setting SPOOL_RETRY_AFTER_SECONDS = Setting.integer(
            "hookhouse.spool.retry-after-seconds", 5, 1, 3600,
            "Retry-After sent with 503 SPOOL_UNAVAILABLE, in seconds.");
    public static final Setting SPOOL_ARCHIVE_RETENTION_HOURS = Setting.integer(
            "hookhouse.spool.archive-retention-hours", 168, 0, 87_600,
            "How long loaded segments are kept in the archive for replay, in hours.");

    public static final Setting DATA_DIR = Setting.text("hookhouse.data.dir", "data",
            "Directory of the embedded registry and the embedded DuckDB warehouse.");
    public static final Setting WAREHOUSE_URL = Setting.text("hookhouse.warehouse.url", "",
            "JDBC URL of the warehouse; empty means the DuckDB file <data.dir>/warehouse.duckdb.");
    public static final Setting WAREHOUSE_USER = Setting.text("hookhouse.warehouse.user", "",
            "Warehouse user name, if the warehouse needs one.");
    public static final Setting WAREHOUSE_PASSWORD = Setting.secret("hookhouse.warehouse.password",
            "Warehouse password; never logged.");
    public static final Setting REGISTRY_URL = Setting.text("hookhouse.registry.url", "",
            "JDBC URL of the token and pipeline registry; empty means <data.dir>/registry.db.");
    public static final Setting REGISTRY_USER = Setting.text("hookhouse.registry.user", "",
            "Registry user name, if the registry database needs one.");
    public static final Setting REGISTRY_PASSWORD = Setting.secret("hookhouse.registry.password",
            "Registry password; never logged.");

    public static final Setting LOADER_INTERVAL_MS = Setting.integer(
            "hookhouse.loader.interval-ms", 1000, 50, 3_600_000,
            "How often the loader looks for sealed segments, in milliseconds.");
    public static final Setting LOADER_MAX_BACKOFF_MS = Setting.integer(
            "hookhouse.loader.max-backoff-ms", 60_000, 100, 3_600_000,
            "Longest wait between retries while the warehouse fails, in milliseconds.");

    public static final Setting MANAGEMENT_HOST = Setting.text("hookhouse.management.host",
            "127.0.0.1", "Address of the health and metrics endpoints; loopback by default.");
    public static final Setting MANAGEMENT_PORT = Setting.integer(
            "hookhouse.management.port", 9090, 0, 65535,
            "Port of health and metrics endpoints (0 picks a free port); not the webhook port.");
    public static final Setting HEALTH_LOADER_FAILING_MS = Setting.integer(
            "hookhouse.health.loader-failing-ms", 300_000, 1000, 86_400_000,
            "How long the loader may fail without a break before readiness turns false, in ms.");
    public static final Setting SHUTDOWN_TIMEOUT_MS = Setting.integer(
            "hookhouse.shutdown.timeout-ms", 60_000, 1000, 3_600_000,
            "Longest a graceful stop waits for requests in flight and a running load, in ms.");
    public static final Setting PUBLIC_URL = Setting.text("hookhouse.public-url", "",
            "Base URL senders use, for printed webhook URLs;"
                    + " empty means http://localhost:<port>/.");

    public static final List<Setting> SETTINGS = List.of(
            HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY_BYTES, HTTP_WORKER_THREADS,
            HTTP_MAX_BUFFERED_BYTES, HTTP_BODY_TIMEOUT_MS,
            SPOOL_DIR, SPOOL_SEAL_AFTER_MS, SPOOL_SEGMENT_MAX_BYTES, SPOOL_FSYNC,
            SPOOL_RETRY_AFTER_SECONDS, SPOOL_ARCHIVE_RETENTION_HOURS,
            DATA_DIR, WAREHOUSE_URL, WAREHOUSE_USER, WAREHOUSE_PASSWORD,
            REGISTRY_URL, REGISTRY_USER, REGISTRY_PASSWORD,
            LOADER_INTERVAL_MS, LOADER_MAX_BACKOFF_MS,
            MANAGEMENT_HOST, MANAGEMENT_PORT, HEALTH_LOADER_FAILING_MS, SHUTDOWN_TIMEOUT_MS,
            PUBLIC_URL);

    private final Map<String, String> values;

    private HookhouseConfig(Map<String, String> values) {
        this.values = values;
    }

    /** Defaults only, with the process environment applied. */
    public static HookhouseConfig load(Path fileOrNull) {
        return load(fileOrNull, System.getenv());
    }

    /**
     * Reads defaults, then {@code fileOrNull} if given, then {@code environment}. Unknown
     * {@code hookhouse.*} keys in the file are refused: a typo should not silently fall back.
     */
    public static HookhouseConfig load(Path fileOrNull, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting setting : SETTINGS) {
            values.put(setting.key(), setting.defaultValue());
        }

        if (fileOrNull != null) {
            applyFile(fileOrNull, values);
        }

        for (Setting setting : SETTINGS) {
            String fromEnvironment = environment.get(setting.environmentName());
            if (fromEnvironment != null) {
                values.put(setting.key(),
                        setting.check(fromEnvironment, setting.environmentName()));
            }
        }
        return new HookhouseConfig(values);
    }

    /** Settings given as key-value pairs on top of the defaults; for tests and tools. */
    public static HookhouseConfig of(Map<String, String> overrides) {
        HookhouseConfig config = load(null, Map.of());
        Map<String, String> values = new LinkedHashMap<>(config.values);
        overrides.forEach((key, value) -> values.put(key, find(key, "overrides").check(value,
                "overrides")));
        return new HookhouseConfig(values);
    }

    /** A copy with some values replaced; for tests and tools. */
    public HookhouseConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, find(key, "with").check(value, "with"));
        return new HookhouseConfig(copy);
    }

    private static void applyFile(Path file, Map<String, String> values) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException unreadable) {
            throw new ConfigException("cannot read config file " + file + ": " + unreadable);
        }

        String source = file.toString();
        for (String key : properties.stringPropertyNames()) {
            Setting setting = find(key, source);
            values.put(key, setting.check(properties.getProperty(key), source));
        }
    }

    private static Setting find(String key, String source) {
        for (Setting setting : SETTINGS) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        throw new ConfigException(key + " (from " + source + ") is not a Hookhouse setting;"
                + " see the README's configuration table for the keys");
    }

    public String text(Setting setting) {
        return values.get(setting.key());
    }

    public long number(Setting setting) {
        return Long.parseLong(values.get(setting.key()));
    }

    public int integer(Setting setting) {
        return Math.toIntExact(number(setting));
    }

    public boolean flag(Setting setting) {
        return Boolean.parseBoolean(values.get(setting.key()));
    }

    public Path spoolDir() {
        return Path.of(text(SPOOL_DIR));
    }

    public Path dataDir() {
        return Path.of(text(DATA_DIR));
    }

    /** The warehouse JDBC URL, the embedded DuckDB file when none is set. */
    public String warehouseUrl() {
        String url = text(WAREHOUSE_URL);
        if (!url.isEmpty()) {
            return url;
        }
        return "jdbc:duckdb:" + dataDir().resolve("warehouse.duckdb").toAbsolutePath();
    }

    /** The registry JDBC URL, the embedded SQLite file when none is set. */
    public String registryUrl() {
        String url = text(REGISTRY_URL);
        if (!url.isEmpty()) {
            return url;
        }
        return "jdbc:sqlite:" + dataDir().resolve("registry.db").toAbsolutePath();
    }

    /** The base URL printed for senders. */
    public String publicUrl() {
        String url = text(PUBLIC_URL);
        if (!url.isEmpty()) {
            return url.endsWith("/") ? url : url + "/";
        }
        return "http://localhost:" + integer(HTTP_PORT) + "/";
    }

    /** One line per key for the startup log, secrets and URL passwords masked. */
    public String describe() {
        StringJoiner lines = new StringJoiner(", ");
        for (Setting setting : SETTINGS) {
            String value = values.get(setting.key());
            if (setting.secret() && !value.isEmpty()) {
                value = "****";
            } else if (setting.key().endsWith(".url")) {
                value = maskUrlSecrets(value);
            }
            lines.add(setting.key() + "=" + value);
        }
        return lines.toString();
    }

    /** Hides a password given inside a JDBC URL, as a query parameter or as user:pass@. */
    public static String maskUrlSecrets(String url) {
        String masked = url.replaceAll("(?i)(password=)[^&;]*", "$1****");
        return masked.replaceAll("(//[^/:@]+:)[^@/]*@", "$1****@");
    }
}
