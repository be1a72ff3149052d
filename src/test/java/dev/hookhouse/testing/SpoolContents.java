package dev.hookhouse.testing;

import dev.hookhouse.spool.SegmentReader;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads every record of every sealed and archived segment of a spool directory. */
public final class SpoolContents {

    private SpoolContents() {
    }

    public static List<SpoolRecord> sealedAndArchived(Path spoolDir) throws IOException {
        SpoolLayout layout = new SpoolLayout(spoolDir);
        List<Path> segments = new ArrayList<>(SpoolLayout.list(layout.incoming(),
                SpoolLayout.SEALED));
        segments.addAll(SpoolLayout.list(layout.archive(), SpoolLayout.LOADED));

        List<SpoolRecord> records = new ArrayList<>();
        for (Path segment : segments) {
            records.addAll(SegmentReader.read(segment).records());
        }
        return records;
    }

    /** How many times each request id occurs. */
    public static Map<String, Integer> countById(List<SpoolRecord> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (SpoolRecord record : records) {
            counts.merge(record.requestId(), 1, Integer::sum);
        }
        return counts;
    }
}
