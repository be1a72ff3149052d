package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.testing.ChildServer;
import dev.hookhouse.testing.LoadGenerator;
import dev.hookhouse.warehouse.PostgresTestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Torture: the spool lives on a small filesystem that fills up under load. While it is full
 * every answer is 503 SPOOL_UNAVAILABLE with Retry-After and the server reports itself not
 * ready; once space is freed, without a restart, answers turn back to 200 by themselves. At the
 * end every request that was answered 200, before, during or after, is in the warehouse once
 * with its body, and nothing stored before the disk filled was damaged or set aside.
 */
class DiskFullTortureTest {

    private static final long FILESYSTEM_BYTES = 8L * 1024 * 1024;
    private static final long LEFT_FREE_BYTES = 32 * 1024;
    private static final int CYCLES = TortureScale.pick(1, 3);
    private static final Duration TIME_FULL = TortureScale.pick(Duration.ofSeconds(3),
            Duration.ofSeconds(10));
    private static final int SENDERS = 8;
    private static final int ACKNOWLEDGED_BETWEEN_STEPS = 200;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "loading into {0}")
    @ValueSource(strings = {"duckdb", "postgres"})
    void fullSpoolAnswers503AndResumesByItselfWithoutLosingOrDamagingAnything(
            String warehouseKind) throws Exception {
        PostgresTestDatabase postgres = warehouseKind.equals("postgres")
                ? PostgresTestDatabase.create(DiskFullTortureTest.class) : null;
        try (SmallFilesystem disk = SmallFilesystem.mount(dir.resolve("spool-fs"),
                FILESYSTEM_BYTES)) {
            Installation installation = Installation.in(dir)
                    .with(HookhouseConfig.SPOOL_DIR, disk.root().resolve("spool").toString());
            if (postgres != null) {
                installation.withPostgresWarehouse(postgres.url());
            }
            runCyclesAndReconcile(installation, disk, "disk full torture into "
                    + warehouseKind + ", " + CYCLES + " cycles");
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private void runCyclesAndReconcile(Installation installation, SmallFilesystem disk,
            String scenario) throws Exception {
        Registry registry = installation.registry(Clock.systemUTC());
        CreatedToken token = registry.createToken("disk-full");
        PipelineEntry pipeline = registry.createPipeline("Disk full torture", null);
        Map<String, String> environment = installation.environment(ChildServer.freePort(),
                ChildServer.freePort());
        int port = Integer.parseInt(environment.get("HOOKHOUSE_HTTP_PORT"));
        URI ready = URI.create("http://127.0.0.1:"
                + environment.get("HOOKHOUSE_MANAGEMENT_PORT") + "/observe/health/ready");
        URI url = Webhook.url(port, pipeline.id(), token.entry().key(), token.token());
        Path log = dir.resolve("server.log");
        StoredRows warehouse = StoredRows.besideServer(installation.config());

        try (ChildServer server = ChildServer.start(environment, log, Duration.ofSeconds(60))) {
            Map<String, String> acknowledged;
            try (LoadGenerator load = new LoadGenerator(url, SENDERS, Duration.ofMinutes(10))) {
                load.start();
                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    awaitMoreAcknowledged(load, "cycle " + cycle + " before filling", log);

                    disk.fillLeaving(LEFT_FREE_BYTES);
                    Poll.until("the spool refusing with 503", STEP_TIMEOUT, 50,
                            () -> refusedForSpace(load),
                            () -> load.nonOkByAnswer() + "; " + disk.freeBytes()
                                    + " bytes free; server log:\n" + ChildServer.tail(log));
                    Thread.sleep(TIME_FULL.toMillis());
                    assertRefusedWithRetryAfter(url);
                    assertEquals(503, status(ready), "readiness while the disk is full");

                    disk.free();
                    Poll.until("answers back to 200 without a restart", STEP_TIMEOUT, 100,
                            () -> Webhook.postJson(url, "{\"probe\":true}").status() == 200,
                            () -> "server log:\n" + ChildServer.tail(log));
                    awaitMoreAcknowledged(load, "cycle " + cycle + " after freeing", log);
                    Poll.until("ready again", STEP_TIMEOUT, 200, () -> status(ready) == 200,
                            () -> "server log:\n" + ChildServer.tail(log));
                }
                load.close();
                acknowledged = load.acknowledged();
                System.out.println(scenario + ": refusals " + load.nonOkByAnswer()
                        + ", " + load.failures() + " without an answer");
            }

            Reconciliation.awaitComplete(acknowledged, warehouse, pipeline.table(), installation,
                    DRAIN_TIMEOUT, log);
            assertEquals(0, server.stopGracefully(Duration.ofSeconds(30)), "clean stop");

            Reconciliation.of(acknowledged, warehouse, pipeline.table())
                    .assertClean(scenario);
            assertEquals(List.of(), installation.setAsideFiles(), "records set aside");
        }
    }

    private static void awaitMoreAcknowledged(LoadGenerator load, String step, Path log)
            throws InterruptedException {
        int before = load.acknowledgedIds().size();
        Poll.until(step, STEP_TIMEOUT, 50,
                () -> load.acknowledgedIds().size() >= before + ACKNOWLEDGED_BETWEEN_STEPS,
                () -> load.nonOkByAnswer() + "; server log:\n" + ChildServer.tail(log));
    }

    private static boolean refusedForSpace(LoadGenerator load) {
        return load.nonOkByAnswer().keySet().stream()
                .anyMatch(answer -> answer.startsWith("503 ")
                        && answer.contains("SPOOL_UNAVAILABLE"));
    }

    /** A request of its own, to read the header the load generator does not keep. */
    private static void assertRefusedWithRetryAfter(URI url)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"while\":\"full\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("SPOOL_UNAVAILABLE"), answer.body());
        String retryAfter = answer.headers().firstValue("Retry-After").orElse("");
        assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After: '" + retryAfter + "'");
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
