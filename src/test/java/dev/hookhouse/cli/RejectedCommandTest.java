package dev.hookhouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.loader.RejectReason;
import dev.hookhouse.loader.Rejection;
import dev.hookhouse.loader.SetAsideFile;
import dev.hookhouse.loader.SetAsideRecord;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectedCommandTest {

    private static final Instant EARLIER = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant LATER = Instant.parse("2025-06-01T12:05:00Z");

    @TempDir
    Path temp;

    private Path configFile;

    @BeforeEach
    void writeSetAsideRecords() throws Exception {
        SpoolLayout layout = new SpoolLayout(temp.resolve("spool")).create();
        configFile = temp.resolve("hookhouse.properties");
        Files.writeString(configFile, "hookhouse.spool.dir=" + layout.root() + "\n");

        SpoolRecord mismatch = record("aaaaaaaaaaaaaaaaaaaa", 835212);
        SpoolRecord refused = record("bbbbbbbbbbbbbbbbbbbb", 7);
        SetAsideFile.write(layout.deadLetter().resolve("00000000000000000002.dead"), List.of(
                SetAsideRecord.refused("Malformed JSON", "events", EARLIER,
                        "00000000000000000002.sealed", refused)));
        SetAsideFile.write(layout.rejected().resolve("00000000000000000003.rejected"), List.of(
                SetAsideRecord.rejected(new Rejection(RejectReason.TOKEN_MISMATCH, "wrong"),
                        LATER, "00000000000000000003.sealed", mismatch),
                SetAsideRecord.corruptLine("not JSON", LATER, "00000000000000000003.sealed", 10,
                        new byte[] {'x'})));
    }

    private static SpoolRecord record(String id, long pipeline) {
        return new SpoolRecord(id, "1577015690.3118637", pipeline,
                "3f1c0000-0000-0000-0000-000000000000", "ab".repeat(32), "{}");
    }

    private String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, HookhouseCommand.run(args));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonListsEachRecordWithRequestIdPipelineReasonAndTimeOldestFirst() throws Exception {
        JsonNode listed = new ObjectMapper().readTree(
                run("rejected", "list", "--json", "--config", configFile.toString()));

        assertEquals(3, listed.size());
        JsonNode first = listed.get(0);
        assertEquals("bbbbbbbbbbbbbbbbbbbb", first.get("request_id").asText());
        assertEquals(7, first.get("pipeline_id").asLong());
        assertEquals("WAREHOUSE_REFUSED", first.get("reason").asText());
        assertEquals(EARLIER.toString(), first.get("time").asText());
        assertEquals("dead-letter", first.get("area").asText());
        assertEquals("Malformed JSON", first.get("detail").asText());

        JsonNode second = listed.get(1);
        assertEquals("aaaaaaaaaaaaaaaaaaaa", second.get("request_id").asText());
        assertEquals(835212, second.get("pipeline_id").asLong());
        assertEquals("TOKEN_MISMATCH", second.get("reason").asText());
        assertEquals("rejected", second.get("area").asText());

        assertEquals("CORRUPT_LINE", listed.get(2).get("reason").asText());
        assertTrue(listed.get(2).get("request_id").isNull());
    }

    @Test
    void plainListingShowsOneLinePerRecord() {
        String table = run("rejected", "list", "--config", configFile.toString());

        List<String> lines = table.lines().toList();
        assertEquals(4, lines.size(), table);
        assertTrue(lines.get(1).contains("WAREHOUSE_REFUSED"), lines.get(1));
        assertTrue(lines.get(2).contains("TOKEN_MISMATCH"), lines.get(2));
        assertTrue(lines.get(2).contains("aaaaaaaaaaaaaaaaaaaa"), lines.get(2));
    }
}
