package dev.hookhouse.warehouse;

import dev.hookhouse.config.ConfigException;
import dev.hookhouse.config.HookhouseConfig;

/** Picks the warehouse dialect from the JDBC URL. */
public final class Warehouses {

    private Warehouses() {
    }

    /**
     * The warehouse {@code config} names: {@code jdbc:duckdb:FILE} (the default) or
     * {@code jdbc:postgresql://...}.
     *
     * @throws ConfigException for any other URL
     */
    public static Warehouse open(HookhouseConfig config) {
        String url = config.warehouseUrl();
        try {
            if (url.startsWith(DuckDbWarehouse.URL_PREFIX)) {
                return new DuckDbWarehouse(url);
            }
            if (url.startsWith(PostgresWarehouse.URL_PREFIX)) {
                return new PostgresWarehouse(url, config.text(HookhouseConfig.WAREHOUSE_USER),
                        config.text(HookhouseConfig.WAREHOUSE_PASSWORD));
            }
        } catch (IllegalArgumentException unusable) {
            throw refuse(url, unusable.getMessage());
        }
        throw refuse(url, "expected jdbc:duckdb:FILE or jdbc:postgresql://HOST:PORT/DATABASE");
    }

    private static ConfigException refuse(String url, String reason) {
        return new ConfigException(HookhouseConfig.WAREHOUSE_URL.key() + " = '"
                + HookhouseConfig.maskUrlSecrets(url) + "' is not allowed: " + reason);
    }
}
