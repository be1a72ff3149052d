package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up recovery on real torn files (fixtures described in recovery/README.md). */
class SpoolRecoveryTest {

    private static final String LEFT_OPEN = "00000000000000000007.open";
    private static final String SEALED = "00000000000000000007.sealed";

    @TempDir
    Path dir;

    private SpoolLayout layout;

    @BeforeEach
    void createLayout() throws IOException {
        layout = new SpoolLayout(dir).create();
    }

    @Test
    void tornLastLineIsCutAtTheEndOfTheLastCompleteLine() throws Exception {
        byte[] fixture = installFixture("torn-last-line.open");

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        SpoolRecovery.RecoveredSegment segment = onlySegment(report);
        assertEquals(572, segment.originalBytes());
        assertEquals(512, segment.keptBytes(), "cut offset");
        assertEquals(60, segment.cutBytes());
        assertEquals(0, segment.droppedCompleteLines());
        assertSealedAs(Arrays.copyOf(fixture, 512), List.of(1L, 2L));
    }

    @Test
    void segmentWithOnlyAPartialLineIsRemoved() throws Exception {
        installFixture("only-partial-line.open");

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        SpoolRecovery.RecoveredSegment segment = onlySegment(report);
        assertTrue(segment.removed());
        assertEquals(40, segment.cutBytes());
        assertEquals(List.of(), layout.sealedSegments());
        assertEquals(List.of(), SpoolFiles.openSegments(dir));
    }

    @Test
    void completeLastLineThatIsNotARecordIsCutToo() throws Exception {
        byte[] fixture = installFixture("garbage-last-line.open");

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        SpoolRecovery.RecoveredSegment segment = onlySegment(report);
        assertEquals(512, segment.keptBytes(), "cut offset");
        assertEquals(104, segment.cutBytes());
        assertEquals(1, segment.droppedCompleteLines());
        assertSealedAs(Arrays.copyOf(fixture, 512), List.of(1L, 2L));
    }

    @Test
    void damagedLineBeforeTheLastGoodOneIsKeptForTheLoaderToSetAside() throws Exception {
        byte[] fixture = installFixture("damaged-middle-line.open");

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        assertEquals(492, onlySegment(report).keptBytes(), "cut offset");
        assertSealedAs(Arrays.copyOf(fixture, 492), List.of(1L, 3L));
        SegmentReader.Contents contents = SegmentReader.read(layout.incoming().resolve(SEALED));
        assertEquals(1, contents.badLines().size());
        assertEquals(251, contents.badLines().get(0).byteOffset());
    }

    @Test
    void intactOpenSegmentIsSealedUnchanged() throws Exception {
        byte[] lines = concat(TestRecords.record(1).toLine(), TestRecords.record(2).toLine());
        Files.write(layout.incoming().resolve(LEFT_OPEN), lines);

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        assertEquals(0, report.bytesCut());
        assertSealedAs(lines, List.of(1L, 2L));
    }

    @Test
    void tornTailAfterALineLongerThanOneScanBlockIsFound() throws Exception {
        byte[] big = TestRecords.record(TestRecords.id(1), "\"" + "x".repeat(200_000) + "\"")
                .toLine();
        byte[] torn = Arrays.copyOf(TestRecords.record(2).toLine(), 100);
        Files.write(layout.incoming().resolve(LEFT_OPEN), concat(big, torn));

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        assertEquals(big.length, onlySegment(report).keptBytes());
        assertSealedAs(big, List.of(1L));
    }

    @Test
    void sealRenameLostInACrashIsRedoneWithoutDuplicates() throws Exception {
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults(), new TestClock(0))) {
            spool.append(TestRecords.record(1));
            spool.append(TestRecords.record(2));
        }
        Path sealed = layout.sealedSegments().get(0);
        byte[] bytes = Files.readAllBytes(sealed);
        // A power loss before the directory fsync can undo the rename, never the data.
        Files.move(sealed, layout.incoming().resolve(sealed.getFileName().toString()
                .replace(SpoolLayout.SEALED, SpoolLayout.OPEN)));

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        assertEquals(0, report.bytesCut());
        assertEquals(List.of(sealed), layout.sealedSegments());
        assertArrayEquals(bytes, Files.readAllBytes(sealed));
        assertEquals(2, SpoolFiles.sealedRecords(dir).size());
    }

    @Test
    void leftoverTempFilesAreRemoved() throws Exception {
        Path temp = layout.rejected().resolve("00000000000000000003.rejected.tmp");
        Files.writeString(temp, "half a file");

        SpoolRecovery.Report report = SpoolRecovery.run(layout);

        assertEquals(List.of(temp), report.removedTempFiles());
        assertFalse(Files.exists(temp));
    }

    @Test
    void openingASpoolRecoversBeforeWritingAndNumbersAfterTheRecoveredSegment()
            throws Exception {
        installFixture("torn-last-line.open");

        try (Spool spool = Spool.open(dir, SpoolOptions.defaults(), new TestClock(0))) {
            spool.append(TestRecords.record(9));
        }

        List<String> names = layout.sealedSegments().stream()
                .map(path -> path.getFileName().toString()).toList();
        assertEquals(List.of(SEALED, "00000000000000000008.sealed"), names);
        assertEquals(3, SpoolFiles.sealedIdCounts(dir).size());
    }

    private byte[] installFixture(String name) throws IOException {
        byte[] fixture;
        try (InputStream in = getClass().getResourceAsStream("recovery/" + name)) {
            fixture = in.readAllBytes();
        }
        Files.write(layout.incoming().resolve(LEFT_OPEN), fixture);
        return fixture;
    }

    private static SpoolRecovery.RecoveredSegment onlySegment(SpoolRecovery.Report report) {
        assertEquals(1, report.segments().size());
        return report.segments().get(0);
    }

    private void assertSealedAs(byte[] expected, List<Long> ids) throws IOException {
        assertEquals(List.of(), SpoolFiles.openSegments(dir));
        Path sealed = layout.incoming().resolve(SEALED);
        assertArrayEquals(expected, Files.readAllBytes(sealed));
        List<String> stored = SegmentReader.read(sealed).records().stream()
                .map(SpoolRecord::requestId).toList();
        assertEquals(ids.stream().map(TestRecords::id).toList(), stored);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
