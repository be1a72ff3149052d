package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.loader.RejectReason;
import dev.hookhouse.loader.SetAsideFile;
import dev.hookhouse.loader.SetAsideRecord;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.testing.ChildServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookhouse status} against a spool laid out on disk, with and without a server. */
class StatusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant LOADED_AT = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @Test
    void statusCountsEveryAreaWithNoServerRunning() throws Exception {
        SpoolLayout layout = new SpoolLayout(dir.resolve("spool")).create();
        write(layout.incoming().resolve(SpoolLayout.fileName(7, SpoolLayout.SEALED)),
                record("aaaaaaaaaaaaaaaaaaab", "1767323000.5"),
                record("aaaaaaaaaaaaaaaaaaac", "1767323001.5"));
        write(layout.incoming().resolve(SpoolLayout.fileName(8, SpoolLayout.SEALED)),
                record("aaaaaaaaaaaaaaaaaaad", "1767323002.5"));
        write(layout.incoming().resolve(SpoolLayout.fileName(9, SpoolLayout.OPEN)),
                record("aaaaaaaaaaaaaaaaaaae", "1767323003.5"));
        Path archived = layout.archive().resolve(SpoolLayout.fileName(6, SpoolLayout.LOADED));
        write(archived, record("aaaaaaaaaaaaaaaaaaaa", "1767322999.5"));
        Files.setLastModifiedTime(archived, FileTime.from(LOADED_AT));
        SetAsideFile.write(layout.rejected().resolve(
                SpoolLayout.fileName(6, SpoolLayout.REJECTED)), List.of(
                        rejected("aaaaaaaaaaaaaaaaaaax"), rejected("aaaaaaaaaaaaaaaaaaay")));

        HookhouseConfig config = OpsServer.config(dir, Map.of(
                HookhouseConfig.MANAGEMENT_PORT.key(), Integer.toString(ChildServer.freePort())));
        Registry registry = Registry.open(config, Clock.systemUTC());
        registry.createToken("one");
        registry.revokeToken(registry.createToken("two").entry().key());
        registry.createPipeline("Orders", null);
        Path configFile = Cli.configFile(dir, config, Map.of());

        Cli json = Cli.run(configFile, "status", "--json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode status = JSON.readTree(json.out());
        assertArea(status, "incoming-sealed", 2, 3);
        assertArea(status, "incoming-open", 1, 1);
        assertArea(status, "rejected", 1, 2);
        assertArea(status, "dead-letter", 0, 0);
        assertEquals(1, status.path("areas").path("archive").path("files").asInt());
        assertTrue(status.path("areas").path("archive").path("records").isNull());
        assertEquals("2026-01-02T03:03:20.500Z", status.path("oldest_unloaded_record").asText());
        assertEquals(LOADED_AT.toString(), status.path("last_load").asText());
        assertEquals("not answering", status.path("server").path("state").asText());
        assertEquals(2, status.path("registry").path("tokens").asInt());
        assertEquals(1, status.path("registry").path("revoked_tokens").asInt());
        assertEquals(1, status.path("registry").path("pipelines").asInt());

        Cli text = Cli.run(configFile, "status");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("incoming-sealed          2         3"), text.out());
        assertTrue(text.out().contains("last load          2026-01-02T03:04:05Z"), text.out());
        assertTrue(text.out().contains("2 tokens (1 revoked), 1 pipelines"), text.out());
    }

    @Test
    void statusSaysReadyWhileTheServerRunsAndNamesAMissingSpool() throws Exception {
        HookhouseConfig config = OpsServer.config(dir, Map.of());
        try (OpsServer server = OpsServer.start(config, Clock.systemUTC())) {
            assertEquals(200, server.post("{\"status\":1}").statusCode());
            Path configFile = Cli.configFile(dir, config, Map.of(
                    HookhouseConfig.MANAGEMENT_PORT.key(),
                    Integer.toString(server.server().operations().managementPort())));

            Cli json = Cli.run(configFile, "status", "--json");
            assertEquals(0, json.exitCode(), json.err());
            JsonNode status = JSON.readTree(json.out());
            assertEquals("ready", status.path("server").path("state").asText(), json.out());
            assertEquals(1, status.path("registry").path("tokens").asInt());

            Path probe = new SpoolLayout(dir.resolve("spool")).incoming()
                    .resolve(SpoolReadiness.PROBE_FILE);
            Files.createDirectories(probe.resolve("occupied"));
            Cli notReady = Cli.run(configFile, "status");
            assertTrue(notReady.out().contains("not ready (http://127.0.0.1:"), notReady.out());
            assertTrue(notReady.out().contains("hookhouse-spool: cannot write a probe file in"
                    + " the spool's incoming directory (DirectoryNotEmptyException)"),
                    notReady.out());
            Files.delete(probe.resolve("occupied"));
            Files.delete(probe);
        }

        Path elsewhere = Cli.configFile(dir, config, Map.of(
                HookhouseConfig.SPOOL_DIR.key(), dir.resolve("nowhere").toString()));
        Cli missing = Cli.run(elsewhere, "status");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no spool at"), missing.err());
    }

    private static void assertArea(JsonNode status, String area, int files, int records) {
        JsonNode counts = status.path("areas").path(area);
        assertEquals(files, counts.path("files").asInt(), area);
        assertEquals(records, counts.path("records").asInt(), area);
    }

    private static SpoolRecord record(String id, String timestamp) {
        return new SpoolRecord(id, timestamp, 835212, "3f1c2b4a-1d2e-4f5a-9b8c-0123456789ab",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "{\"id\":\"" + id + "\"}");
    }

    private static SetAsideRecord rejected(String id) {
        return SetAsideRecord.rejected(new dev.hookhouse.loader.Rejection(
                RejectReason.UNKNOWN_KEY, "no token has this key"), LOADED_AT,
                SpoolLayout.fileName(6, SpoolLayout.SEALED), record(id, "1767322999.5"));
    }

    private static void write(Path segment, SpoolRecord... records) throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (SpoolRecord record : records) {
            lines.write(record.toLine());
        }
        SpoolLayout.writeDurably(segment, lines.toByteArray());
    }
}
