package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.loader.LoaderStats;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /observe/metrics} on the management port, scraped over real HTTP after real requests
 * went through the webhook port, the spool, the loader and DuckDB.
 */
class MetricsEndpointTest {

    @TempDir
    Path dir;

    @Test
    void countersMoveWithRequestsSpoolWritesAndLoads() throws Exception {
        try (OpsServer server = OpsServer.start(OpsServer.config(dir, Map.of()),
                Clock.systemUTC())) {
            Scrape before = server.scrape();
            assertEquals(0, before.value("hookhouse_spool_records_total"));

            long bodyBytes = 0;
            for (int i = 0; i < 3; i++) {
                String body = "{\"n\":" + i + "}";
                assertEquals(200, server.post(body).statusCode());
                bodyBytes += body.getBytes(StandardCharsets.UTF_8).length;
            }
            assertEquals(400, server.post("{\"cut\":").statusCode());
            URI noQuery = URI.create(server.webhook().toString().replaceAll("\\?.*", ""));
            assertEquals(400, OpsServer.post(noQuery, "{}").statusCode());
            URI wrongToken = URI.create(server.webhook().toString()
                    .replace(server.token(), "WrongToken0123456789"));
            assertEquals(200, OpsServer.post(wrongToken, "{\"x\":1}").statusCode());

            LoaderStats loader = server.server().loader().loader().stats();
            OpsServer.await(() -> loader.rowsLoaded() == 3 && loader.setAside(
                    dev.hookhouse.loader.RejectReason.TOKEN_MISMATCH) == 1,
                    Duration.ofSeconds(30), "loading 3 rows and rejecting 1");

            Scrape after = server.scrape();
            assertEquals(4, after.value("hookhouse_http_requests_total",
                    "status", "200", "code", "OK"));
            assertEquals(1, after.value("hookhouse_http_requests_total",
                    "status", "400", "code", "INVALID_BODY"));
            assertEquals(1, after.value("hookhouse_http_requests_total",
                    "status", "400", "code", "NO_PARAMETERS_PROVIDED"));
            assertTrue(after.value("hookhouse_http_received_bytes_total") >= bodyBytes);
            assertEquals(4, after.value("hookhouse_spool_records_total"));
            assertTrue(after.value("hookhouse_spool_fsync_seconds_count") >= 1);
            assertTrue(after.value("hookhouse_spool_fsync_seconds_sum") > 0);
            assertEquals(3, after.value("hookhouse_loader_rows_loaded_total",
                    "pipeline_id", Long.toString(server.pipelineId())));
            assertEquals(1, after.value("hookhouse_loader_rows_rejected_total",
                    "reason", "TOKEN_MISMATCH"));
            assertEquals(0, after.value("hookhouse_loader_rows_rejected_total",
                    "reason", "WAREHOUSE_REFUSED"));
            assertTrue(after.value("hookhouse_loader_runs_total") >= 1);
            assertTrue(after.value("hookhouse_loader_run_seconds_count") >= 1);
            assertTrue(after.value("hookhouse_loader_segments_total") >= 1);
            assertEquals(0, after.value("hookhouse_loader_failed_runs_total"));
            assertEquals(0, after.value("hookhouse_spool_backlog_segments"));
            assertEquals(0, after.value("hookhouse_spool_oldest_unloaded_age_seconds"));
            assertTrue(after.has("jvm_memory_used_bytes"), "JVM metrics are bound");
        }
    }
}
