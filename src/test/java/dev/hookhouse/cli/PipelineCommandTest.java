package dev.hookhouse.cli;

import static dev.hookhouse.cli.TokenCommandTest.JSON;
import static dev.hookhouse.cli.TokenCommandTest.snapshot;
import static dev.hookhouse.cli.TokenCommandTest.writeConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookhouse.registry.PipelineEntry;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookhouse pipeline ...} end to end on the embedded SQLite registry. */
class PipelineCommandTest {

    private static final Pattern CREATED = Pattern.compile("Created pipeline (\\d{6}) ");

    @TempDir
    Path dir;

    String config;

    @BeforeEach
    void writeDefaultConfig() throws Exception {
        config = writeConfig(dir, "hookhouse.data.dir=" + dir.resolve("data"),
                "hookhouse.public-url=https://hooks.example.com/ingest");
    }

    @Test
    void createPrintsIdTableAndWebhookUrlWithPlaceholders() throws Exception {
        CliRun run = CliRun.of("pipeline", "create", "--name", "Orders (EU) 2024",
                "--config", config);

        assertEquals(0, run.exitCode(), run.err());
        Matcher created = CREATED.matcher(run.out());
        assertTrue(created.find(), run.out());
        long id = Long.parseLong(created.group(1));
        assertTrue(run.out().contains("table: \"orders_eu_2024\""), run.out());
        assertTrue(run.out().contains("url:   https://hooks.example.com/ingest/?pipeline_id="
                + id + "&key=<KEY>&token=<TOKEN>"), run.out());

        PipelineEntry stored = snapshot(config).pipelinesById().get(id);
        assertEquals("orders_eu_2024", stored.table());
        assertTrue(stored.enabled());
    }

    @Test
    void createWithJsonGivesIdTableAndUrl() throws Exception {
        String table = "Shop \"EU\".orders-2024";

        JsonNode created = createPipeline("--name", "shop", "--table", table);

        long id = created.get("id").asLong();
        assertTrue(created.get("id").isIntegralNumber());
        assertTrue(id >= 100_000 && id <= 999_999, "" + id);
        assertEquals(table, created.get("table").asText());
        assertEquals("https://hooks.example.com/ingest/?pipeline_id=" + id
                + "&key=<KEY>&token=<TOKEN>", created.get("url").asText());
        assertEquals("enabled", created.get("state").asText());
        assertEquals(table, snapshot(config).pipelinesById().get(id).table());
    }

    @Test
    void webhookUrlDefaultsToLocalhostAndTheHttpPort() throws Exception {
        config = writeConfig(dir, "hookhouse.data.dir=" + dir.resolve("data"),
                "hookhouse.http.port=8123");

        JsonNode created = createPipeline("--name", "orders");

        assertEquals("http://localhost:8123/?pipeline_id=" + created.get("id").asText()
                + "&key=<KEY>&token=<TOKEN>", created.get("url").asText());
    }

    @Test
    void tableOfAnotherPipelineIsRefusedWithExitCodeOne() throws Exception {
        long owner = createPipeline("--name", "orders").get("id").asLong();

        CliRun run = CliRun.of("pipeline", "create", "--name", "again", "--table", "ORDERS",
                "--config", config);

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("already belongs to pipeline " + owner), run.err());
        assertEquals(1, snapshot(config).pipelinesById().size());
    }

    @Test
    void tableOverSixtyThreeBytesIsAUsageError() {
        CliRun run = CliRun.of("pipeline", "create", "--name", "long", "--table",
                "t".repeat(64), "--config", config);

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("64 bytes"), run.err());
    }

    @Test
    void disableTakesEffectInTheNextSnapshotAndEnableUndoesIt() throws Exception {
        long id = createPipeline("--name", "orders").get("id").asLong();

        CliRun disable = CliRun.of("pipeline", "disable", Long.toString(id), "--config", config);
        boolean enabledAfterDisable = snapshot(config).pipelinesById().get(id).enabled();
        CliRun list = CliRun.of("pipeline", "list", "--config", config);
        CliRun enable = CliRun.of("pipeline", "enable", Long.toString(id), "--json",
                "--config", config);

        assertEquals(0, disable.exitCode(), disable.err());
        assertTrue(disable.out().contains("Disabled pipeline " + id), disable.out());
        assertFalse(enabledAfterDisable);
        assertTrue(list.out().contains("disabled"), list.out());
        assertEquals(0, enable.exitCode(), enable.err());
        assertTrue(JSON.readTree(enable.out()).get("changed").asBoolean());
        assertTrue(snapshot(config).pipelinesById().get(id).enabled());
    }

    @Test
    void disablingAnUnknownIdFailsAndANonNumberIsAUsageError() {
        CliRun unknown = CliRun.of("pipeline", "disable", "123456", "--config", config);
        CliRun notANumber = CliRun.of("pipeline", "disable", "orders", "--config", config);

        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("no pipeline has the id 123456"), unknown.err());
        assertEquals(2, notANumber.exitCode());
        assertTrue(notANumber.err().contains("orders"), notANumber.err());
    }

    @Test
    void listShowsEveryPipelineAsTextAndJson() throws Exception {
        JsonNode orders = createPipeline("--name", "orders");
        JsonNode odd = createPipeline("--name", "odd one", "--table", "it's \"odd\"");

        CliRun text = CliRun.of("pipeline", "list", "--config", config);
        CliRun json = CliRun.of("pipeline", "list", "--json", "--config", config);

        assertTrue(text.out().startsWith("ID"), text.out());
        assertTrue(text.out().contains(orders.get("id").asText()), text.out());
        assertTrue(text.out().contains("\"it's \"\"odd\"\"\""), text.out());
        JsonNode listed = JSON.readTree(json.out());
        assertEquals(2, listed.size());
        assertEquals(orders.get("id"), listed.get(0).get("id"));
        assertEquals(odd.get("table"), listed.get(1).get("table"));
        assertEquals(odd.get("url"), listed.get(1).get("url"));
    }

    private JsonNode createPipeline(String... options) throws Exception {
        String[] args = new String[options.length + 5];
        args[0] = "pipeline";
        args[1] = "create";
        System.arraycopy(options, 0, args, 2, options.length);
        args[options.length + 2] = "--json";
        args[options.length + 3] = "--config";
        args[options.length + 4] = config;

        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }
}
