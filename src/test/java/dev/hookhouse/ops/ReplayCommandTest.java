package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.loader.SetAsideFile;
import dev.hookhouse.loader.SetAsideRecord;
import dev.hookhouse.spool.SegmentReader;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookhouse replay} on a spool laid out on disk: what it picks, writes and refuses. */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ORDERS = 835212;
    private static final long CLICKS = 421337;

    @TempDir
    Path dir;

    private SpoolLayout layout;
    private Path configFile;

    @BeforeEach
    void layOutASpool() throws Exception {
        layout = new SpoolLayout(dir.resolve("spool")).create();
        writeSegment(layout.archive().resolve(SpoolLayout.fileName(3, SpoolLayout.LOADED)),
                record("aaaaaaaaaaaaaaaaaaaa", ORDERS, "1000.0000001"),
                record("aaaaaaaaaaaaaaaaaaab", ORDERS, "2000"),
                record("aaaaaaaaaaaaaaaaaaac", CLICKS, "2500.5"));
        writeSegment(layout.archive().resolve(SpoolLayout.fileName(4, SpoolLayout.LOADED)),
                record("aaaaaaaaaaaaaaaaaaad", ORDERS, "3000"),
                record("aaaaaaaaaaaaaaaaaaae", ORDERS, "3999.9999999"));
        configFile = Cli.configFile(dir, OpsServer.config(dir, Map.of()), Map.of());
    }

    @Test
    void aDryRunSaysWhatItWouldReplayAndWritesNothing() throws Exception {
        Cli dryRun = Cli.run(configFile, "replay", "--from", "1500", "--to",
                "1970-01-01T01:06:40Z", "--pipeline", Long.toString(ORDERS), "--dry-run",
                "--json");

        assertEquals(0, dryRun.exitCode(), dryRun.err());
        JsonNode outcome = JSON.readTree(dryRun.out());
        assertTrue(outcome.path("dry_run").asBoolean());
        assertEquals(3, outcome.path("records").asInt(), dryRun.out());
        assertEquals("00000001000000000004.sealed",
                outcome.path("segments").get(0).path("file").asText());
        assertTrue(layout.sealedSegments().isEmpty(), "a dry run writes nothing");

        Cli text = Cli.run(configFile, "replay", "--from", "1500", "--dry-run");
        assertTrue(text.out().startsWith("Dry run: nothing is written."), text.out());
        assertTrue(text.out().contains("would write incoming/00000001000000000004.sealed"
                + " (4 records"), text.out());
    }

    @Test
    void replayWritesTheChosenRecordsUnchangedAsANewSealedSegment() throws Exception {
        Cli replay = Cli.run(configFile, "replay", "--from", "2000", "--to", "3000",
                "--json");

        assertEquals(0, replay.exitCode(), replay.err());
        List<Path> sealed = layout.sealedSegments();
        assertEquals(List.of("00000001000000000004.sealed"),
                sealed.stream().map(path -> path.getFileName().toString()).toList());
        byte[] expected = lines(record("aaaaaaaaaaaaaaaaaaab", ORDERS, "2000"),
                record("aaaaaaaaaaaaaaaaaaac", CLICKS, "2500.5"));
        assertArrayEquals(expected, Files.readAllBytes(sealed.get(0)),
                "from inclusive, to exclusive, lines byte for byte");

        Cli again = Cli.run(configFile, "replay", "--json");
        JsonNode second = JSON.readTree(again.out());
        assertEquals("00000002000000000004.sealed",
                second.path("segments").get(0).path("file").asText(),
                "numbered past the first replay, never reusing a number");
        assertEquals(5, second.path("records").asInt());
    }

    @Test
    void deadLetterRecordsAreReplayedOnceEachWhateverFilesHoldThem() throws Exception {
        SpoolRecord refused = record("aaaaaaaaaaaaaaaaaaaz", ORDERS, "2222");
        SetAsideRecord entry = SetAsideRecord.refused("violates check", "orders",
                Instant.parse("2026-01-01T00:00:00Z"), "00000000000000000005.sealed", refused);
        SetAsideFile.write(layout.deadLetter().resolve(SpoolLayout.fileName(5,
                SpoolLayout.DEAD)), List.of(entry));
        SetAsideFile.write(layout.deadLetter().resolve(SpoolLayout.fileName(9,
                SpoolLayout.DEAD)), List.of(entry));

        Cli replay = Cli.run(configFile, "replay", "--area", "dead-letter", "--json");

        assertEquals(0, replay.exitCode(), replay.err());
        JsonNode outcome = JSON.readTree(replay.out());
        assertEquals(1, outcome.path("records").asInt());
        assertEquals(1, outcome.path("duplicates").asInt());
        List<SpoolRecord> written = SegmentReader.read(layout.sealedSegments().get(0))
                .records();
        assertEquals(List.of(refused), written);
    }

    @Test
    void badOptionsAndASecondReplayAreRefused() throws Exception {
        Cli backwards = Cli.run(configFile, "replay", "--from", "3000", "--to", "2000");
        assertEquals(2, backwards.exitCode());
        assertTrue(backwards.err().contains("is not before --to"), backwards.err());

        Cli badArea = Cli.run(configFile, "replay", "--area", "incoming");
        assertEquals(2, badArea.exitCode());
        assertTrue(badArea.err().contains("not an area"), badArea.err());

        Cli badTime = Cli.run(configFile, "replay", "--from", "yesterday");
        assertEquals(2, badTime.exitCode());
        assertTrue(badTime.err().contains("is not a time"), badTime.err());

        try (FileChannel channel = FileChannel.open(dir.resolve("spool")
                .resolve(Replay.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            Cli busy = Cli.run(configFile, "replay");
            assertEquals(1, busy.exitCode());
            assertTrue(busy.err().contains("another replay is running"), busy.err());
        }
        assertTrue(layout.sealedSegments().isEmpty());
    }

    @Test
    void replayNeedsASpool() throws Exception {
        Path elsewhere = Cli.configFile(dir, OpsServer.config(dir, Map.of()), Map.of(
                HookhouseConfig.SPOOL_DIR.key(), dir.resolve("nowhere").toString()));
        Cli replay = Cli.run(elsewhere, "replay");
        assertEquals(1, replay.exitCode());
        assertTrue(replay.err().contains("no spool at"), replay.err());
    }

    private static SpoolRecord record(String id, long pipelineId, String timestamp) {
        return new SpoolRecord(id, timestamp, pipelineId, "3f1c2b4a-1d2e-4f5a-9b8c-0123456789ab",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "{\"id\": \"" + id + "\", \"n\": 12345678901234567890}");
    }

    private static void writeSegment(Path file, SpoolRecord... records) throws Exception {
        SpoolLayout.writeDurably(file, lines(records));
    }

    private static byte[] lines(SpoolRecord... records) throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (SpoolRecord record : records) {
            lines.write(record.toLine());
        }
        return lines.toByteArray();
    }
}
