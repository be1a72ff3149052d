package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.PostgresTestDatabase;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.testing.ChildServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole life of a server in its own JVM, as an operator runs it: start with a warehouse
 * password, post the shared cases with a real token, load into PostgreSQL, replay, scrape the
 * metrics, SIGTERM. Its log, at DEBUG, has every lifecycle line and no secret.
 */
class FullRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WAREHOUSE_PASSWORD = "Pg-Secret-5c1f0e7a";
    private static final String FORM = "A10_twilio_inbound_sms.form";
    private static final String GZIP = "B13_github_push.json.gz";

    @TempDir
    Path dir;

    @Test
    void aFullRunLogsEveryLifecycleStepAndNoSecret() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("ops_full_run")) {
            Map<String, String> environment = environment(database);
            HookhouseConfig config = HookhouseConfig.load(null, environment);
            Registry registry = Registry.open(config, Clock.systemUTC());
            CreatedToken token = registry.createToken("full run");
            PipelineEntry pipeline = registry.createPipeline("Full run", null);
            String query = "pipeline_id=" + pipeline.id() + "&key=" + token.entry().key()
                    + "&token=" + token.token();
            Path log = dir.resolve("server.log");

            try (ChildServer server = ChildServer.start(environment, log,
                    Duration.ofSeconds(60))) {
                URI webhook = URI.create("http://127.0.0.1:" + server.httpPort() + "/?" + query);
                int posted = postSharedCases(webhook);
                OpsServer.await(() -> rows(database, pipeline) == posted,
                        Duration.ofSeconds(60), "loading the shared cases");

                Path configFile = Cli.configFile(dir, config, Map.of());
                Cli replay = Cli.run(configFile, "replay", "--pipeline",
                        Long.toString(pipeline.id()));
                assertEquals(0, replay.exitCode(), replay.err());
                awaitNoSealedSegment();
                assertEquals(posted, rows(database, pipeline));

                Scrape metrics = scrape(environment);
                assertEquals(posted, metrics.value("hookhouse_http_requests_total",
                        "status", "200", "code", "OK"));
                assertEquals(2.0 * posted, metrics.value("hookhouse_loader_rows_loaded_total",
                        "pipeline_id", Long.toString(pipeline.id())), "loaded, then replayed");
                assertEquals(0, metrics.value("hookhouse_loader_failed_runs_total"));

                assertEquals(0, server.stopGracefully(Duration.ofSeconds(90)));
            }

            String logged = Files.readString(log);
            assertLifecycleLines(logged);
            assertFalse(logged.contains(token.token()), "the token is in the log");
            assertFalse(logged.contains(WAREHOUSE_PASSWORD), "the password is in the log");
            assertFalse(logged.contains(query), "a query string is in the log");
            assertFalse(logged.contains("token="), "a token parameter is in the log");
            assertFalse(logged.contains("key=" + token.entry().key()), logged);
        }
    }

    private Map<String, String> environment(PostgresTestDatabase database) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOOKHOUSE_HTTP_HOST", "127.0.0.1");
        environment.put("HOOKHOUSE_HTTP_PORT", Integer.toString(ChildServer.freePort()));
        environment.put("HOOKHOUSE_MANAGEMENT_PORT", Integer.toString(ChildServer.freePort()));
        environment.put("HOOKHOUSE_SPOOL_DIR", dir.resolve("spool").toString());
        environment.put("HOOKHOUSE_DATA_DIR", dir.resolve("data").toString());
        environment.put("HOOKHOUSE_SPOOL_SEAL_AFTER_MS", "50");
        environment.put("HOOKHOUSE_LOADER_INTERVAL_MS", "100");
        environment.put("HOOKHOUSE_WAREHOUSE_URL", database.url());
        environment.put("HOOKHOUSE_WAREHOUSE_USER", PostgresTestDatabase.USER);
        // Trust authentication accepts any password: this one is really used, never needed.
        environment.put("HOOKHOUSE_WAREHOUSE_PASSWORD", WAREHOUSE_PASSWORD);
        environment.put("HOOKHOUSE_LOG_LEVEL", "DEBUG");
        return environment;
    }

    private static int postSharedCases(URI webhook) throws Exception {
        int posted = 0;
        for (String file : SharedCases.JSON_BODIES) {
            assertAccepted(send(webhook, SharedCases.text(file), "application/json"));
            posted++;
        }
        assertAccepted(send(webhook, SharedCases.text(FORM),
                "application/x-www-form-urlencoded; charset=utf-8"));
        byte[] gzip = Files.readAllBytes(SharedCases.directory().resolve(GZIP));
        assertAccepted(OpsServer.HTTP.send(HttpRequest.newBuilder(webhook)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip)).build(),
                HttpResponse.BodyHandlers.ofString()));
        return posted + 2;
    }

    private static HttpResponse<String> send(URI uri, String body, String type)
            throws Exception {
        return OpsServer.HTTP.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAccepted(HttpResponse<String> answer) throws Exception {
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(20, JSON.readTree(answer.body()).path("data")
                .path("__kdd_request_id").asText().length());
    }

    private static long rows(PostgresTestDatabase database, PipelineEntry pipeline) {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM "
                        + pipeline.table())) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException noTableYet) {
            return -1;
        }
    }

    private void awaitNoSealedSegment() throws InterruptedException {
        SpoolLayout layout = new SpoolLayout(dir.resolve("spool"));
        OpsServer.await(() -> {
            try {
                return layout.sealedSegments().isEmpty();
            } catch (java.io.IOException unreadable) {
                throw new java.io.UncheckedIOException(unreadable);
            }
        }, Duration.ofSeconds(60), "the replay being loaded");
    }

    private static Scrape scrape(Map<String, String> environment) throws Exception {
        URI metrics = URI.create("http://127.0.0.1:"
                + environment.get("HOOKHOUSE_MANAGEMENT_PORT") + "/observe/metrics");
        HttpResponse<String> answer = OpsServer.HTTP.send(HttpRequest.newBuilder(metrics)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        return Scrape.parse(answer.body());
    }

    private static void assertLifecycleLines(String logged) {
        List<String> expected = List.of(
                "INFO  [main] HookhouseServer - hookhouse: starting with",
                "hookhouse.warehouse.password=****",
                "INFO  [main] Spool - spool: opened",
                "INFO  [main] LoaderService - loader: loading into PostgreSQL",
                "INFO  [main] Operations - hookhouse: health and metrics on",
                "INFO  [main] HookhouseServer - hookhouse: listening on",
                "IngestHandler - ingest: stored",
                "HookhouseServer - hookhouse: stopping",
                "Operations - hookhouse: draining",
                "Operations - hookhouse: every request in flight was answered",
                "LoaderService - loader: stopped",
                "Spool - spool: closed",
                "HookhouseServer - hookhouse: stopped");
        for (String line : expected) {
            assertTrue(logged.contains(line), "no '" + line + "' in the log:\n" + logged);
        }
        Pattern batch = Pattern.compile("DEBUG .* Loader - loader: ([0-9]{20})\\.sealed done in"
                + " [0-9]+ ms: ([0-9]+) new rows, 0 rejected, 0 dead-lettered");
        Matcher batches = batch.matcher(logged);
        int newRows = 0;
        boolean replayLoaded = false;
        while (batches.find()) {
            newRows += Integer.parseInt(batches.group(2));
            replayLoaded |= batches.group(1).startsWith("00000001");
        }
        assertEquals(SharedCases.JSON_BODIES.length + 2, newRows, "batch lines add up");
        assertTrue(replayLoaded, "a batch line for the replayed segment");
    }
}
