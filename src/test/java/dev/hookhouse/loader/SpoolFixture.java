package dev.hookhouse.loader;

import dev.hookhouse.registry.TokenHash;
import dev.hookhouse.spool.Spool;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolOptions;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.spool.SpoolUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Writes sealed segments through the real spool, the way the edge does. */
public final class SpoolFixture {

    public static final String TIMESTAMP = "1577015690.3118637";

    private static final SpoolOptions NO_AUTO_SEAL =
            new SpoolOptions(3_600_000, 64L * 1024 * 1024, false);

    private SpoolFixture() {
    }

    /** Appends {@code records} to a new segment and seals it; returns the sealed file. */
    public static Path writeSegment(Path spoolDir, Clock clock, List<SpoolRecord> records)
            throws IOException, SpoolUnavailableException {
        try (Spool spool = Spool.open(spoolDir, NO_AUTO_SEAL, clock)) {
            for (SpoolRecord record : records) {
                spool.append(record);
            }
        }
        List<Path> sealed = new SpoolLayout(spoolDir).sealedSegments();
        return sealed.get(sealed.size() - 1);
    }

    /** A record as the edge spools it: the token only as its hash. */
    public static SpoolRecord record(int number, long pipelineId, String key, String token,
            String body) {
        return new SpoolRecord(requestId(number), TIMESTAMP, pipelineId, key,
                TokenHash.sha256Hex(token), body);
    }

    /** A request id of 20 lowercase letters that encodes {@code number}. */
    public static String requestId(int number) {
        char[] letters = new char[20];
        long rest = number;
        for (int i = letters.length - 1; i >= 0; i--) {
            letters[i] = (char) ('a' + rest % 26);
            rest /= 26;
        }
        return new String(letters);
    }
}
