package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hookhouse.spool.SpoolRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetAsideFileTest {

    private static final Instant TIME = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path temp;

    @Test
    void recordsComeBackWithEveryDigitAndByte() throws Exception {
        SpoolRecord record = new SpoolRecord("qwertyuiopasdfghjklz", "1577015690.3100000", 7,
                "3f1c0000-0000-0000-0000-000000000000", "ab".repeat(32),
                "{\"big\":18446744073709551617,\"s\":\"\\ud83d\",\"e\":\"😀\"}\r\n");
        SetAsideRecord written = SetAsideRecord.refused("no low surrogate", "t \"1\"", TIME,
                "00000000000000000001.sealed", record);
        Path file = temp.resolve("00000000000000000001.dead");

        SetAsideFile.write(file, List.of(written));
        SetAsideRecord read = SetAsideFile.read(file).get(0);

        assertEquals(record, read.record());
        assertEquals(RejectReason.WAREHOUSE_REFUSED, read.reason());
        assertEquals("no low surrogate", read.detail());
        assertEquals("t \"1\"", read.table());
        assertEquals(TIME, read.time());
        assertEquals("00000000000000000001.sealed", read.segment());
    }

    @Test
    void corruptLinesKeepTheirExactBytes() throws Exception {
        byte[] raw = {'{', (byte) 0xff, '\r', 0};
        Path file = temp.resolve("00000000000000000002.rejected");

        SetAsideFile.write(file, List.of(SetAsideRecord.corruptLine("not JSON", TIME,
                "00000000000000000002.sealed", 4096, raw)));
        SetAsideRecord read = SetAsideFile.read(file).get(0);

        assertNull(read.record());
        assertEquals(4096, read.byteOffset());
        assertArrayEquals(raw, read.rawLine());
    }

    @Test
    void writingNoRecordsRemovesAStaleFile() throws Exception {
        Path file = temp.resolve("00000000000000000003.rejected");
        Files.writeString(file, "stale", StandardCharsets.UTF_8);

        SetAsideFile.write(file, List.of());

        assertFalse(Files.exists(file));
    }
}
