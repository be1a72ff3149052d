package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.warehouse.DuckDbPeek;
import dev.hookhouse.warehouse.DuckDbWarehouse;
import dev.hookhouse.warehouse.SqlIdentifier;
import dev.hookhouse.warehouse.Warehouse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loader against a real DuckDB file in a temporary directory. */
class DuckDbLoaderTest extends LoaderContractTest {

    private Path file;

    @Override
    Warehouse newWarehouse() {
        file = temp.resolve("data").resolve("warehouse.duckdb");
        return new DuckDbWarehouse("jdbc:duckdb:" + file);
    }

    @Override
    Connection openReader() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + file);
    }

    @Override
    String asText(String column) {
        return "CAST(" + SqlIdentifier.quote(column) + " AS VARCHAR)";
    }

    @Override
    String truncatedJsonError() {
        return "Malformed JSON";
    }

    /** DuckDB's JSON type refuses a lone surrogate escape: the row goes to the dead letters. */
    @Override
    void assertLoneSurrogateOutcome(String body, String storedOrNull,
            List<SetAsideRecord> deadLetters) {
        assertNull(storedOrNull, "DuckDB's JSON type does not take a lone surrogate");
        assertEquals(1, deadLetters.size());
        SetAsideRecord dead = deadLetters.get(0);
        assertEquals(RejectReason.WAREHOUSE_REFUSED, dead.reason());
        assertTrue(dead.detail().contains("surrogate"), dead.detail());
        assertEquals(body, dead.record().body());
    }

    @Test
    void anotherProcessCanReadTheFileBetweenLoads() throws Exception {
        segment(List.of(valid(1, "{}"), valid(2, "{}")));
        loader.runOnce();

        assertEquals("2", peek("count", file.toString(), TABLE));

        segment(List.of(valid(3, "{}")));
        RunReport second = loader.runOnce();

        assertEquals(RunReport.Outcome.LOADED, second.outcome(), second.failure());
        assertEquals(3, rowCount(TABLE));
    }

    @Test
    void aFileHeldByAnotherProcessIsRetriedLater() throws Exception {
        segment(List.of(valid(1, "{}")));
        loader.runOnce();
        Path waiting = segment(List.of(valid(2, "{}")));

        Process holder = startPeek("hold", file.toString());
        RunReport blocked;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(
                    holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("holding", out.readLine());

            blocked = loader.runOnce();
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }

        assertEquals(RunReport.Outcome.FAILED, blocked.outcome());
        assertTrue(blocked.failure().contains("lock"), blocked.failure());
        assertTrue(Files.exists(waiting), "the segment waits in the spool");
        assertEquals(RunReport.Outcome.WAITING, loader.runOnce().outcome());

        clock.advance(Duration.ofSeconds(1));
        RunReport drained = loader.runOnce();

        assertEquals(RunReport.Outcome.LOADED, drained.outcome(), drained.failure());
        assertEquals(2, rowCount(TABLE));
    }

    @Test
    void timestampKeepsEveryDigitWhateverItsScale() throws Exception {
        SpoolRecord shortScale = new SpoolRecord(SpoolFixture.requestId(1), "1700000000.5",
                PIPELINE, sender.key(), dev.hookhouse.registry.TokenHash.sha256Hex(
                        sender.token()), "{}");
        segment(List.of(shortScale));

        loader.runOnce();

        assertEquals("1700000000.5000000", storedTimestamp(TABLE, SpoolFixture.requestId(1)));
    }

    private static String peek(String... args) throws IOException, InterruptedException {
        Process process = startPeek(args);
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    private static Process startPeek(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DuckDbPeek.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
