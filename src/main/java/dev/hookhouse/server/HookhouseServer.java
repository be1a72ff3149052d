package dev.hookhouse.server;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.http.IngestHeaderFilter;
import dev.hookhouse.http.IngestProcessor;
import dev.hookhouse.http.QueryEscapeRepair;
import dev.hookhouse.loader.LoaderService;
import dev.hookhouse.ops.Operations;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.RegistrySource;
import dev.hookhouse.spool.Spool;
import dev.hookhouse.spool.SpoolOptions;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: the spool, the Camel routes of {@code routes/} and the beans they call.
 * Routes are wiring only; everything they call is created and bound here.
 */
public final class HookhouseServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HookhouseServer.class);

    /** How long a worker may wait for the spool before Vert.x warns that it is blocked. */
    private static final long WORKER_SPOOL_WAIT_ALLOWANCE_MS = 60_000;

    private final HookhouseConfig config;
    private final Spool spool;
    private final Main camel;
    private final LoaderService loader;
    private final Operations operations;
    // Null until stop() has run; a second call answers the same.
    private Boolean stoppedCleanly;

    private HookhouseServer(HookhouseConfig config, Spool spool, Main camel,
            LoaderService loader, Operations operations) {
        this.config = config;
        this.spool = spool;
        this.camel = camel;
        this.loader = loader;
        this.operations = operations;
    }

    /** Opens (and recovers) the spool, then starts Camel; returns once the port is bound. */
    public static HookhouseServer start(HookhouseConfig config, Clock clock) throws Exception {
        return start(config, clock, Registry.open(config, clock));
    }

    /** Starts with the registry the loader authenticates records against. */
    public static HookhouseServer start(HookhouseConfig config, Clock clock,
            RegistrySource registry) throws Exception {
        LOG.info("hookhouse: starting with {}", config.describe());

        Operations operations = Operations.create(config, clock);
        Spool spool = Spool.open(config.spoolDir(), spoolOptions(config), clock);
        Main camel = new Main();
        LoaderService loader = null;
        try {
            configureCamel(camel, config);
            operations.configure(camel);
            IngestProcessor ingest = new IngestProcessor(config, spool, clock,
                    operations.ingestObserver());
            camel.bind("ingest", ingest);
            // Bodies are read on the event loop before the exchange takes a worker thread,
            // so a slow sender holds none (see IngestEngine).
            camel.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, ingest.engine());
            camel.bind(IngestHeaderFilter.BEAN_NAME, new IngestHeaderFilter());
            loader = LoaderService.start(config, spool.layout(), registry, clock);
            camel.bind(LoaderService.BEAN_NAME, loader.loader());
            camel.start();
            requireListening(httpRouter(camel, config), config);
            QueryEscapeRepair.install(httpRouter(camel, config));
            operations.attach(camel.getCamelContext(), httpRouter(camel, config), spool,
                    loader.loader().stats());
            operations.bindBufferedBodyBytes(ingest::bufferedBytes);
        } catch (Exception startFailed) {
            camel.stop();
            if (loader != null) {
                loader.close();
            }
            spool.close();
            operations.close();
            throw startFailed;
        }

        HookhouseServer server = new HookhouseServer(config, spool, camel, loader, operations);
        LOG.info("hookhouse: listening on {}:{}", config.text(HookhouseConfig.HTTP_HOST),
                server.httpPort());
        return server;
    }

    static SpoolOptions spoolOptions(HookhouseConfig config) {
        return new SpoolOptions(
                config.number(HookhouseConfig.SPOOL_SEAL_AFTER_MS),
                config.number(HookhouseConfig.SPOOL_SEGMENT_MAX_BYTES),
                config.flag(HookhouseConfig.SPOOL_FSYNC));
    }

    private static void configureCamel(Main camel, HookhouseConfig config) {
        // Hookhouse stops Camel itself, in order (see stop()); Camel's own JVM shutdown hook
        // would only wait beside that one, and hold up the exit of a start cut short by SIGTERM.
        if (camel.getShutdownStrategy() instanceof DefaultMainShutdownStrategy hangup) {
            hangup.disableHangupSupport();
        }
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

        // Bodies are read on the event loop before a worker is taken (IngestReader); this pool
        // bounds how many complete requests may be decoded or wait for the spool at once. A
        // worker legitimately waits for the spool's fsync; the execute time keeps Vert.x from
        // logging a blocked-thread stack trace while a slow disk catches up.
        camel.bind("vertxOptions", new VertxOptions()
                .setWorkerPoolSize(config.integer(HookhouseConfig.HTTP_WORKER_THREADS))
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setMaxWorkerExecuteTime(WORKER_SPOOL_WAIT_ALLOWANCE_MS));
    }

    /** The platform-http router of the webhook port. */
    private static VertxPlatformHttpRouter httpRouter(Main camel, HookhouseConfig config) {
        String routerName = VertxPlatformHttpRouter.getRouterNameFromPort(
                config.integer(HookhouseConfig.HTTP_PORT));
        return VertxPlatformHttpRouter.lookup(camel.getCamelContext(), routerName);
    }

    /**
     * platform-http only logs a failed bind (port in use, address not local) and starts anyway;
     * a service that cannot take webhooks must not look started.
     */
    private static void requireListening(VertxPlatformHttpRouter router, HookhouseConfig config) {
        HttpServer http = router.getServer().getServer();
        if (http instanceof TCPServerBase server && !server.isListening()) {
            String address = config.text(HookhouseConfig.HTTP_HOST) + ":"
                    + config.integer(HookhouseConfig.HTTP_PORT);
            throw new IllegalStateException("cannot listen on " + address + " ("
                    + HookhouseConfig.HTTP_HOST.key() + ", " + HookhouseConfig.HTTP_PORT.key()
                    + "): is the port in use, or the host not an address of this machine?");
        }
    }

    /** The port the webhook endpoint is bound to; the OS's choice when configured as 0. */
    public int httpPort() {
        return httpRouter(camel, config).getServer().getPort();
    }

    /** Bytes of request bodies held in memory now (hookhouse.http.max-buffered-bytes). */
    public long bufferedBodyBytes() {
        return camel.getCamelContext().getRegistry()
                .lookupByNameAndType("ingest", IngestProcessor.class).bufferedBytes();
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

    /** Health, metrics and the drain gate; its management port serves {@code /observe/*}. */
    public Operations operations() {
        return operations;
    }

    /**
     * Stops gracefully within {@code hookhouse.shutdown.timeout-ms}: readiness turns false and
     * new requests get 503 SHUTTING_DOWN while the admitted ones finish; then Camel stops (the
     * webhook port closes, a running load finishes), the loader closes, and the spool seals
     * its open segment. Requests still unanswered at the timeout are cut off without a 200.
     *
     * @return whether everything stopped cleanly
     */
    public synchronized boolean stop() {
        if (stoppedCleanly != null) {
            return stoppedCleanly;
        }
        LOG.info("hookhouse: stopping");
        long timeoutMillis = config.number(HookhouseConfig.SHUTDOWN_TIMEOUT_MS);
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean interrupted = drainRequests(deadlineNanos);

        boolean clean = true;
        try {
            camel.getCamelContext().getShutdownStrategy().setTimeout(
                    secondsLeft(deadlineNanos));
            camel.stop();
        } catch (RuntimeException stopFailed) {
            LOG.error("hookhouse: camel did not stop cleanly: {}", stopFailed.toString());
            clean = false;
        }
        loader.close();
        spool.close();
        operations.close();
        LOG.info("hookhouse: stopped{}", clean ? "" : " with errors");
        stoppedCleanly = clean;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return clean;
    }

    /**
     * Waits for the requests in flight; returns whether the wait was interrupted. The stop goes
     * on either way, and the interrupt is restored only at its end: the spool's close waits for
     * its writer to seal, and would give up at once with the flag set.
     */
    private boolean drainRequests(long deadlineNanos) {
        try {
            operations.drain(deadlineNanos);
            return false;
        } catch (InterruptedException interrupted) {
            LOG.warn("hookhouse: interrupted while waiting for requests in flight; stopping");
            return true;
        }
    }

    /** Camel waits this long for a running load; at least one second. */
    private static long secondsLeft(long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toSeconds(deadlineNanos - System.nanoTime());
        return Math.max(1, left);
    }

    @Override
    public void close() {
        stop();
    }
}
