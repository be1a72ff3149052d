package dev.hookhouse.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.hookhouse.spool.SpoolLayout;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What waits in {@code incoming/}, from one directory scan: the open segment (still being
 * written) and the sealed ones (waiting for the loader). Reads no segment whole: the oldest
 * record's time comes from the first line of the lowest-numbered segment, which the spool
 * writes first.
 *
 * @param oldestRecord request time ({@code ts}) of the oldest record not loaded yet, null when
 *     {@code incoming/} holds no record; for a replayed segment this is the records' original
 *     request time
 */
record IncomingBacklog(
        int openSegments,
        long openBytes,
        int sealedSegments,
        long sealedBytes,
        Instant oldestRecord) {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(64)
                    .build())
            .build();

    static IncomingBacklog scan(SpoolLayout layout) throws IOException {
        List<Path> open = SpoolLayout.list(layout.incoming(), SpoolLayout.OPEN);
        List<Path> sealed = SpoolLayout.list(layout.incoming(), SpoolLayout.SEALED);
        List<Path> unloaded = new ArrayList<>(sealed);
        unloaded.addAll(open);
        unloaded.sort((a, b) -> Long.compare(SpoolLayout.sequenceOf(a),
                SpoolLayout.sequenceOf(b)));

        return new IncomingBacklog(open.size(), totalBytes(open), sealed.size(),
                totalBytes(sealed), oldestRecordIn(unloaded));
    }

    /** Age of the oldest record at {@code now}, in seconds; 0 when nothing waits. */
    double oldestRecordAgeSeconds(Instant now) {
        if (oldestRecord == null) {
            return 0;
        }
        return Math.max(0, (now.toEpochMilli() - oldestRecord.toEpochMilli()) / 1000.0);
    }

    static long totalBytes(List<Path> files) throws IOException {
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += Files.size(file);
            } catch (NoSuchFileException movedMeanwhile) {
                // Sealed or loaded while we looked; counted where it went, or not at all.
            }
        }
        return bytes;
    }

    /** The first record's time of the first segment that has one, oldest segment first. */
    private static Instant oldestRecordIn(List<Path> segments) throws IOException {
        for (Path segment : segments) {
            Instant first = firstRecordTime(segment);
            if (first != null) {
                return first;
            }
        }
        return null;
    }

    /**
     * The {@code ts} of the segment's first line; null when the file is empty, gone, or its
     * first line is still being written.
     */
    static Instant firstRecordTime(Path segment) throws IOException {
        try (InputStream in = Files.newInputStream(segment);
                JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("ts".equals(field) && value.isNumeric()) {
                    return epochSecondsToInstant(parser.getDecimalValue());
                }
                parser.skipChildren();
            }
            return null;
        } catch (NoSuchFileException movedMeanwhile) {
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException partialLine) {
            return null;
        }
    }

    static Instant epochSecondsToInstant(BigDecimal seconds) {
        BigDecimal whole = new BigDecimal(seconds.toBigInteger());
        long nanos = seconds.subtract(whole).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }
}
