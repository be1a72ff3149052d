package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segment names never repeat: numbering continues after the highest file in any area. */
class SpoolSequenceTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(1_700_000_000_000L);

    @Test
    void firstSegmentOfANewSpoolIsNumberOne() throws Exception {
        writeOneSegment();

        assertEquals(List.of("00000000000000000001.sealed"), sealedNames());
    }

    @Test
    void numberingContinuesAcrossRestarts() throws Exception {
        writeOneSegment();
        writeOneSegment();
        writeOneSegment();

        assertEquals(List.of("00000000000000000001.sealed", "00000000000000000002.sealed",
                "00000000000000000003.sealed"), sealedNames());
    }

    @Test
    void numberingContinuesAfterTheHighestFileInAnyArea() throws Exception {
        SpoolLayout layout = new SpoolLayout(dir).create();
        touch(layout.incoming(), 12, SpoolLayout.SEALED);
        touch(layout.archive(), 41, SpoolLayout.LOADED);
        touch(layout.rejected(), 3, SpoolLayout.REJECTED);
        touch(layout.deadLetter(), 57, SpoolLayout.DEAD);

        writeOneSegment();

        assertEquals(List.of("00000000000000000012.sealed", "00000000000000000058.sealed"),
                sealedNames());
    }

    @Test
    void filesThatAreNotSpoolFilesDoNotCount() throws Exception {
        SpoolLayout layout = new SpoolLayout(dir).create();
        Files.writeString(layout.archive().resolve("+0000000000000000099.loaded"), "");
        Files.writeString(layout.archive().resolve("README.txt"), "");
        Files.writeString(layout.archive().resolve("99999999999999999999.loaded"), "");

        writeOneSegment();

        assertEquals(List.of("00000000000000000001.sealed"), sealedNames());
    }

    @Test
    void namesAreZeroPaddedSoThatListingsSortInWritingOrder() {
        assertEquals("00000000000000000042.open", SpoolLayout.fileName(42, SpoolLayout.OPEN));
        assertEquals(42, SpoolLayout.sequenceOf(Path.of("00000000000000000042.sealed")));
        assertEquals(-1, SpoolLayout.sequenceOf(Path.of("42.sealed")));
    }

    private void writeOneSegment() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults(), clock)) {
            spool.append(TestRecords.record(1));
        }
    }

    private List<String> sealedNames() throws Exception {
        return new SpoolLayout(dir).sealedSegments().stream()
                .map(path -> path.getFileName().toString()).toList();
    }

    private static void touch(Path area, long sequence, String suffix) throws Exception {
        Files.writeString(area.resolve(SpoolLayout.fileName(sequence, suffix)), "");
    }
}
