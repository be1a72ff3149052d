package dev.hookhouse.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Files, bytes and (where cheap enough) records of one spool area. Every file there is JSON
 * lines, so records are counted as newlines, without parsing.
 *
 * @param records -1 when not counted: the archive can hold days of traffic
 */
record AreaCount(int files, long bytes, long records) {

    static final long NOT_COUNTED = -1;
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    static AreaCount of(List<Path> files, boolean countRecords) throws IOException {
        long bytes = IncomingBacklog.totalBytes(files);
        long records = countRecords ? 0 : NOT_COUNTED;
        if (countRecords) {
            for (Path file : files) {
                records += lines(file);
            }
        }
        return new AreaCount(files.size(), bytes, records);
    }

    private static long lines(Path file) throws IOException {
        long lines = 0;
        byte[] chunk = new byte[READ_CHUNK_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(chunk)) >= 0) {
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        lines++;
                    }
                }
            }
        } catch (NoSuchFileException movedMeanwhile) {
            // Loaded or archived while we counted; it is counted where it went, or not at all.
        }
        return lines;
    }
}
