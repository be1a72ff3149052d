package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookhouse.spool.SpoolRecord;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The times replay takes and the request times records carry, to the last digit. */
class RequestTimesTest {

    @TempDir
    Path dir;

    @Test
    void everyAcceptedFormReadsAsTheSameInstant() {
        Instant expected = Instant.parse("2026-12-03T12:00:00Z");
        assertEquals(expected, RequestTimes.parse("2026-12-03T12:00:00Z"));
        assertEquals(expected, RequestTimes.parse("2026-12-03T14:00:00+02:00"));
        assertEquals(expected, RequestTimes.parse(" 1796299200 "));
        assertEquals(Instant.parse("2026-12-03T00:00:00Z"), RequestTimes.parse("2026-12-03"));
        assertEquals(Instant.ofEpochSecond(1577015690, 311_863_700),
                RequestTimes.parse("1577015690.3118637"));
        assertNull(RequestTimes.parseOrNull(null));
    }

    @Test
    void somethingElseIsRefusedWithTheFormsAccepted() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RequestTimes.parse("yesterday"));
        assertEquals("'yesterday' is not a time: use 2025-01-02T03:04:05Z,"
                + " 2025-01-02T05:04:05+02:00, 2025-01-02 (UTC) or epoch seconds",
                refused.getMessage());
    }

    @Test
    void aRecordTimeComparesWithoutRounding() {
        Instant bound = RequestTimes.parse("1577015690.3118637");
        Replay.Selection from = new Replay.Selection(Replay.Area.ARCHIVE, bound, null, null);
        Replay.Selection before = new Replay.Selection(Replay.Area.ARCHIVE, null, bound, null);

        assertEquals(true, from.matches(record("1577015690.3118637")));
        assertEquals(false, from.matches(record("1577015690.3118636")));
        assertEquals(false, before.matches(record("1577015690.3118637")));
        assertEquals(0, new BigDecimal("1577015690.3118637")
                .compareTo(RequestTimes.epochSeconds(bound)));
    }

    @Test
    void theOldestRecordTimeIsReadFromTheFirstLineOnly() throws Exception {
        byte[] line = record("1577015690.3118637").toLine();
        Path segment = Files.write(dir.resolve("00000000000000000001.open"), line);
        assertEquals(Instant.ofEpochSecond(1577015690, 311_863_700),
                IncomingBacklog.firstRecordTime(segment));

        Path torn = Files.write(dir.resolve("00000000000000000002.open"),
                Arrays.copyOf(line, 10));
        assertNull(IncomingBacklog.firstRecordTime(torn), "a first line still being written");
        Path empty = Files.write(dir.resolve("00000000000000000003.open"), new byte[0]);
        assertNull(IncomingBacklog.firstRecordTime(empty));
    }

    private static SpoolRecord record(String timestamp) {
        return new SpoolRecord("qwertyuiopasdfghjklz", timestamp, 835212,
                "3f1c2b4a-1d2e-4f5a-9b8c-0123456789ab",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "{}");
    }
}
