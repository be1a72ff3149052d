package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per spool directory: a second open must not "recover" a live open segment. */
class SpoolLockTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(1_700_000_000_000L);

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedAndTouchesNothing() throws Exception {
        try (Spool first = Spool.open(dir, SpoolOptions.defaults(), clock)) {
            first.append(TestRecords.record(1));
            Path open = SpoolFiles.openSegments(dir).get(0);
            byte[] before = Files.readAllBytes(open);

            IOException refused = assertThrows(IOException.class,
                    () -> Spool.open(dir, SpoolOptions.defaults(), clock));

            assertTrue(refused.getMessage().contains("is in use"), refused.getMessage());
            assertEquals(List.of(open), SpoolFiles.openSegments(dir), "still open, not sealed");
            assertArrayEquals(before, Files.readAllBytes(open));
            first.append(TestRecords.record(2));
        }
        assertEquals(2, SpoolFiles.sealedIdCounts(dir).size());
    }

    @Test
    void closeReleasesTheDirectoryForTheNextOpen() throws Exception {
        Spool.open(dir, SpoolOptions.defaults(), clock).close();

        try (Spool again = Spool.open(dir, SpoolOptions.defaults(), clock)) {
            again.append(TestRecords.record(1));
        }
        assertEquals(1, SpoolFiles.sealedIdCounts(dir).size());
    }
}
