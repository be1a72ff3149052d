package dev.hookhouse.loader;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.RegistrySource;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.warehouse.Warehouse;
import dev.hookhouse.warehouse.Warehouses;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loader and the warehouse it owns, as the server starts and stops them. The route in
 * {@code routes/loader.yaml} calls {@link Loader#runOnce()} on the bean bound as
 * {@value #BEAN_NAME}.
 */
public final class LoaderService implements AutoCloseable {

    public static final String BEAN_NAME = "loader";

    private static final Logger LOG = LoggerFactory.getLogger(LoaderService.class);

    private final Warehouse warehouse;
    private final Loader loader;

    private LoaderService(Warehouse warehouse, Loader loader) {
        this.warehouse = warehouse;
        this.loader = loader;
    }

    public static LoaderService start(HookhouseConfig config, SpoolLayout layout,
            RegistrySource registry, Clock clock) {
        Warehouse warehouse = Warehouses.open(config);
        Loader loader = new Loader(layout, registry, warehouse, LoaderOptions.from(config),
                clock);
        LOG.info("loader: loading into {} every {} ms", warehouse.describe(),
                config.number(HookhouseConfig.LOADER_INTERVAL_MS));
        return new LoaderService(warehouse, loader);
    }

    public Loader loader() {
        return loader;
    }

    /** Waits for a run in progress, then closes the warehouse's connections. */
    @Override
    public void close() {
        loader.close();
        warehouse.close();
        LOG.info("loader: stopped");
    }
}
