package dev.hookhouse.server;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.http.IngestProcessor;
import dev.hookhouse.loader.LoaderService;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.RegistrySource;
import dev.hookhouse.spool.Spool;
import dev.hookhouse.spool.SpoolOptions;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: the spool, the Camel routes of {@code routes/} and the beans they call.
 * Routes are wiring only; everything they call is created and bound here.
 */
public final class HookhouseServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HookhouseServer.class);

    private final HookhouseConfig config;
    private final Spool spool;
    private final Main camel;
    private final LoaderService loader;

    private HookhouseServer(HookhouseConfig config, Spool spool, Main camel,
            LoaderService loader) {
        this.config = config;
        this.spool = spool;
        this.camel = camel;
        this.loader = loader;
    }

    /** Opens (and recovers) the spool, then starts Camel; returns once the port is bound. */
    public static HookhouseServer start(HookhouseConfig config, Clock clock) throws Exception {
        return start(config, clock, Registry.open(config, clock));
    }

    /** Starts with the registry the loader authenticates records against. */
    public static HookhouseServer start(HookhouseConfig config, Clock clock,
            RegistrySource registry) throws Exception {
        LOG.info("hookhouse: starting with {}", config.describe());

        Spool spool = Spool.open(config.spoolDir(), spoolOptions(config), clock);
        Main camel = new Main();
        LoaderService loader = null;
        try {
            configureCamel(camel, config);
            camel.bind("ingest", new IngestProcessor(config, spool, clock));
            loader = LoaderService.start(config, spool.layout(), registry, clock);
            camel.bind(LoaderService.BEAN_NAME, loader.loader());
            camel.start();
        } catch (Exception startFailed) {
            if (loader != null) {
                loader.close();
            }
            spool.close();
            throw startFailed;
        }

        LOG.info("hookhouse: listening on {}:{}", config.text(HookhouseConfig.HTTP_HOST),
                config.integer(HookhouseConfig.HTTP_PORT));
        return new HookhouseServer(config, spool, camel, loader);
    }

    static SpoolOptions spoolOptions(HookhouseConfig config) {
        return new SpoolOptions(
                config.number(HookhouseConfig.SPOOL_SEAL_AFTER_MS),
                config.number(HookhouseConfig.SPOOL_SEGMENT_MAX_BYTES),
                config.flag(HookhouseConfig.SPOOL_FSYNC));
    }

    private static void configureCamel(Main camel, HookhouseConfig config) {
        camel.configure()
                .withName("hookhouse")
                .withRoutesIncludePattern("classpath:routes/*.yaml")
                .withRoutesReloadEnabled(false)
                .withJmxEnabled(false);

        camel.addInitialProperty("camel.server.enabled", "true");
        camel.addInitialProperty("camel.server.host",
                config.text(HookhouseConfig.HTTP_HOST));
        camel.addInitialProperty("camel.server.port",
                Integer.toString(config.integer(HookhouseConfig.HTTP_PORT)));
        camel.addInitialProperty(HookhouseConfig.LOADER_INTERVAL_MS.key(),
                config.text(HookhouseConfig.LOADER_INTERVAL_MS));

        // Bodies are read by the ingest bean itself (useBodyHandler=false); this pool bounds
        // how many requests may read a body or wait for the spool at the same time.
        camel.bind("vertxOptions", new VertxOptions()
                .setWorkerPoolSize(config.integer(HookhouseConfig.HTTP_WORKER_THREADS)));
    }

    public HookhouseConfig config() {
        return config;
    }

    public Spool spool() {
        return spool;
    }

    public Main camel() {
        return camel;
    }

    public LoaderService loader() {
        return loader;
    }

    /**
     * Stops taking requests, lets in-flight ones finish, stops the loader, then seals the spool.
     *
     * @return whether everything stopped cleanly
     */
    public boolean stop() {
        LOG.info("hookhouse: stopping");
        boolean clean = true;
        try {
            camel.stop();
        } catch (RuntimeException stopFailed) {
            LOG.error("hookhouse: camel did not stop cleanly: {}", stopFailed.toString());
            clean = false;
        }
        loader.close();
        spool.close();
        LOG.info("hookhouse: stopped{}", clean ? "" : " with errors");
        return clean;
    }

    @Override
    public void close() {
        stop();
    }
}
