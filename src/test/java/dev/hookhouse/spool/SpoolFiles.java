package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a spool directory holds, read back from its files the way the loader would. */
final class SpoolFiles {

    private SpoolFiles() {
    }

    static List<SpoolRecord> sealedRecords(Path spoolDir) throws IOException {
        List<SpoolRecord> records = new ArrayList<>();
        for (Path segment : new SpoolLayout(spoolDir).sealedSegments()) {
            records.addAll(SegmentReader.read(segment).records());
        }
        return records;
    }

    /** How often each request id occurs in the sealed segments. */
    static Map<String, Integer> sealedIdCounts(Path spoolDir) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (SpoolRecord record : sealedRecords(spoolDir)) {
            counts.merge(record.requestId(), 1, Integer::sum);
        }
        return counts;
    }

    static List<SegmentReader.BadLine> badLines(Path spoolDir) throws IOException {
        List<SegmentReader.BadLine> bad = new ArrayList<>();
        for (Path segment : new SpoolLayout(spoolDir).sealedSegments()) {
            bad.addAll(SegmentReader.read(segment).badLines());
        }
        return bad;
    }

    static List<Path> openSegments(Path spoolDir) throws IOException {
        return SpoolLayout.list(new SpoolLayout(spoolDir).incoming(), SpoolLayout.OPEN);
    }

    /** Opens the spool again (running recovery) and closes it: what a restart leaves. */
    static void reopen(Path spoolDir) throws IOException {
        Spool.open(spoolDir, SpoolOptions.defaults(), Clock.systemUTC()).close();
    }
}
