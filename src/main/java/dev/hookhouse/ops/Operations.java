package dev.hookhouse.ops;

import dev.hookhouse.config.ConfigException;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.http.IngestObserver;
import dev.hookhouse.loader.LoaderStats;
import dev.hookhouse.spool.Spool;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lets people run Hookhouse: health and metrics on the management port, and the gate that
 * drains the webhook port on a graceful stop. {@code HookhouseServer} calls
 * {@link #configure} before Camel starts and {@link #attach} once it runs.
 *
 * <p>The management port is camel-main's management server (camel-platform-http-main): its own
 * Vert.x server, on {@code hookhouse.management.host} (loopback by default: health and metrics
 * say how busy the service is and where its files are, which is nobody else's business) and
 * {@code hookhouse.management.port}. It serves {@code /observe/health},
 * {@code /observe/health/live}, {@code /observe/health/ready} (503 when not ready) and
 * {@code /observe/metrics} (Prometheus text, from camel-micrometer-prometheus). Camel's
 * per-exchange metrics are off: they would time every webhook request twice, and
 * {@link HookhouseMetrics} counts what matters.
 */
public final class Operations {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    private static final String OBSERVE = "/observe";
    private static final String METRICS_PATH = OBSERVE + "/metrics";

    private final HookhouseConfig config;
    private final Clock clock;
    private final int managementPort;
    private final PrometheusMeterRegistry meterRegistry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ReadinessRegistry health = new ReadinessRegistry();
    private final HookhouseMetrics metrics = new HookhouseMetrics(meterRegistry);
    private final DrainGate gate;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    private Operations(HookhouseConfig config, Clock clock, int managementPort) {
        this.config = config;
        this.clock = clock;
        this.managementPort = managementPort;
        this.gate = new DrainGate(metrics, metrics::bytesReceived,
                config.number(HookhouseConfig.SPOOL_RETRY_AFTER_SECONDS));
    }

    /**
     * @throws ConfigException if the management port is the webhook port: the webhook route
     *     takes every path there, and health would be public
     */
    public static Operations create(HookhouseConfig config, Clock clock) {
        int webhookPort = config.integer(HookhouseConfig.HTTP_PORT);
        int configured = config.integer(HookhouseConfig.MANAGEMENT_PORT);
        if (configured != 0 && configured == webhookPort) {
            throw new ConfigException(HookhouseConfig.MANAGEMENT_PORT.key() + " = " + configured
                    + " is not allowed: it must differ from " + HookhouseConfig.HTTP_PORT.key());
        }
        String host = config.text(HookhouseConfig.MANAGEMENT_HOST);
        int port = configured != 0 ? configured : freePort(host);
        return new Operations(config, clock, port);
    }

    /**
     * Camel's management server compares ports to decide whether to share the webhook
     * server, so "0" cannot be passed on: it would match a webhook port of 0 too.
     */
    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException noPort) {
            throw new UncheckedIOException("cannot find a free management port on " + host,
                    noPort);
        }
    }

    /** The hook the webhook endpoint reports its answers to. */
    public IngestObserver ingestObserver() {
        return metrics;
    }

    /** Sets up the management server, metrics and health before Camel starts. */
    public void configure(Main camel) {
        camel.addInitialProperty("camel.management.enabled", "true");
        camel.addInitialProperty("camel.management.host",
                config.text(HookhouseConfig.MANAGEMENT_HOST));
        camel.addInitialProperty("camel.management.port", Integer.toString(managementPort));
        camel.addInitialProperty("camel.management.healthCheckEnabled", "true");
        camel.addInitialProperty("camel.management.metricsEnabled", "true");
        camel.addInitialProperty("camel.metrics.enabled", "true");
        camel.addInitialProperty("camel.metrics.enableRoutePolicy", "false");
        camel.addInitialProperty("camel.metrics.enableExchangeEventNotifier", "false");

        // camel-micrometer-prometheus serves the registry bound under this name.
        camel.bind("metricsRegistry", meterRegistry);
        bindJvmMetrics();
        camel.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                CamelContext context = main.getCamelContext();
                health.setCamelContext(context);
                context.getCamelContextExtension()
                        .addContextPlugin(HealthCheckRegistry.class, health);
            }
        });
    }

    private void bindJvmMetrics() {
        new JvmMemoryMetrics().bindTo(meterRegistry);
        new JvmThreadMetrics().bindTo(meterRegistry);
        gcMetrics.bindTo(meterRegistry);
        new ProcessorMetrics().bindTo(meterRegistry);
        new UptimeMetrics().bindTo(meterRegistry);
        new FileDescriptorMetrics().bindTo(meterRegistry);
    }

    /** Exports the bytes of request bodies held in memory, read from {@code bytes}. */
    public void bindBufferedBodyBytes(LongSupplier bytes) {
        metrics.bindBufferedBodyBytes(bytes);
    }

    /**
     * Once Camel runs: registers the readiness checks and the spool and loader meters, puts the
     * drain gate in front of the webhook routes, and makes sure the management port listens.
     */
    public void attach(CamelContext context, Router webhookRouter, Spool spool,
            LoaderStats loaderStats) {
        Router management = managementRouter(context);
        requireListening(management);

        health.register(new AcceptingReadiness(gate));
        health.register(new SpoolReadiness(spool.stats(), spool.layout(), clock));
        health.register(new LoaderReadiness(loaderStats, clock,
                config.number(HookhouseConfig.HEALTH_LOADER_FAILING_MS)));

        metrics.bindInFlight(gate);
        metrics.bindSpool(spool);
        metrics.bindBacklog(new BacklogGauge(spool.layout(), clock));
        metrics.bindLoader(loaderStats);
        // Pipelines appear while the server runs; their counters are added before each scrape.
        management.route(METRICS_PATH).order(Integer.MIN_VALUE).handler(scrape -> {
            metrics.refreshPipelines();
            scrape.next();
        });

        gate.install(webhookRouter);
        LOG.info("hookhouse: health and metrics on http://{}:{}{}/health and {}",
                config.text(HookhouseConfig.MANAGEMENT_HOST), managementPort, OBSERVE,
                METRICS_PATH);
    }

    private VertxPlatformHttpRouter managementRouter(CamelContext context) {
        return VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(managementPort));
    }

    /** platform-http logs a failed bind and carries on; a silent health port helps nobody. */
    private void requireListening(Router management) {
        HttpServer http = management instanceof VertxPlatformHttpRouter router
                ? router.getServer().getServer() : null;
        if (http instanceof TCPServerBase server && server.isListening()) {
            return;
        }
        throw new IllegalStateException("cannot listen on "
                + config.text(HookhouseConfig.MANAGEMENT_HOST) + ":" + managementPort + " ("
                + HookhouseConfig.MANAGEMENT_HOST.key() + ", "
                + HookhouseConfig.MANAGEMENT_PORT.key()
                + "): is the port in use, or the host not an address of this machine?");
    }

    /** The port of the health and metrics endpoints. */
    public int managementPort() {
        return managementPort;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /**
     * Readiness turns false and new webhook requests get 503 SHUTTING_DOWN; waits until the
     * requests already admitted are answered, or until {@code deadlineNanos}.
     *
     * @return whether every admitted request was answered in time
     */
    public boolean drain(long deadlineNanos) throws InterruptedException {
        LOG.info("hookhouse: draining: new requests get 503 {}, {} in flight",
                DrainGate.SHUTTING_DOWN, gate.inFlight());
        boolean drained = gate.drain(deadlineNanos);
        if (drained) {
            LOG.info("hookhouse: every request in flight was answered");
        } else {
            LOG.warn("hookhouse: {} requests still in flight at the stop timeout; they are cut"
                    + " off without a 200, so senders retry them", gate.inFlight());
        }
        return drained;
    }

    /** Releases what the JVM metrics hold; the registry itself needs nothing. */
    public void close() {
        gcMetrics.close();
    }
}
