package dev.hookhouse.ops;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.server.HookhouseServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real Hookhouse server in this JVM on free ports of 127.0.0.1, with its own spool, SQLite
 * registry and DuckDB warehouse under one directory, and a real token and pipeline in the
 * registry, created the way the CLI creates them.
 */
final class OpsServer implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final HookhouseServer server;
    private final CreatedToken token;
    private final PipelineEntry pipeline;
    private boolean closed;

    private OpsServer(HookhouseServer server, CreatedToken token, PipelineEntry pipeline) {
        this.server = server;
        this.token = token;
        this.pipeline = pipeline;
    }

    /** Settings for {@code dir}: free ports, a fast seal and loader; then {@code overrides}. */
    static HookhouseConfig config(Path dir, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(HookhouseConfig.HTTP_HOST.key(), "127.0.0.1");
        settings.put(HookhouseConfig.HTTP_PORT.key(), "0");
        settings.put(HookhouseConfig.MANAGEMENT_PORT.key(), "0");
        settings.put(HookhouseConfig.HTTP_WORKER_THREADS.key(), "16");
        settings.put(HookhouseConfig.SPOOL_DIR.key(), dir.resolve("spool").toString());
        settings.put(HookhouseConfig.DATA_DIR.key(), dir.resolve("data").toString());
        settings.put(HookhouseConfig.SPOOL_SEAL_AFTER_MS.key(), "50");
        settings.put(HookhouseConfig.LOADER_INTERVAL_MS.key(), "100");
        settings.putAll(overrides);
        return HookhouseConfig.of(settings);
    }

    static OpsServer start(HookhouseConfig config, Clock clock) throws Exception {
        Registry registry = Registry.open(config, clock);
        CreatedToken token = registry.createToken("ops test sender");
        PipelineEntry pipeline = registry.createPipeline("Ops events", null);
        return new OpsServer(HookhouseServer.start(config, clock, registry), token, pipeline);
    }

    HookhouseServer server() {
        return server;
    }

    String token() {
        return token.token();
    }

    long pipelineId() {
        return pipeline.id();
    }

    String table() {
        return pipeline.table();
    }

    String query() {
        return "pipeline_id=" + pipeline.id() + "&key=" + token.entry().key() + "&token="
                + token.token();
    }

    URI webhook() {
        return URI.create("http://127.0.0.1:" + server.httpPort() + "/?" + query());
    }

    URI management(String path) {
        return URI.create("http://127.0.0.1:" + server.operations().managementPort() + path);
    }

    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(webhook(), body);
    }

    static HttpResponse<String> post(URI uri, String body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String managementPath) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(management(managementPath))
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> metrics = get("/observe/metrics");
        if (metrics.statusCode() != 200) {
            throw new AssertionError("metrics answered " + metrics.statusCode());
        }
        return Scrape.parse(metrics.body());
    }

    static void await(BooleanSupplier done, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            server.close();
        }
    }
}
