package dev.hookhouse.loader;

import dev.hookhouse.spool.SpoolLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes archived segments once they are older than the retention. A segment's age counts
 * from its load: the loader stamps the modification time just before archiving it.
 *
 * <p>The directory is not fsynced after deleting: a deletion lost to a power cut only means
 * the file is deleted again at the next purge.
 */
final class ArchiveRetention {

    /** What one purge did; {@code failed} lists the files that could not be deleted. */
    record Purge(int deleted, List<String> failed) {
    }

    private ArchiveRetention() {
    }

    static Purge purge(SpoolLayout layout, Duration retention, Instant now) throws IOException {
        Instant cutoff = now.minus(retention);
        int deleted = 0;
        List<String> failed = new ArrayList<>();

        for (Path loaded : SpoolLayout.list(layout.archive(), SpoolLayout.LOADED)) {
            try {
                if (Files.getLastModifiedTime(loaded).toInstant().isBefore(cutoff)) {
                    Files.delete(loaded);
                    deleted++;
                }
            } catch (NoSuchFileException goneAlready) {
                // Someone else removed it, which is what we wanted.
            } catch (IOException cannotDelete) {
                failed.add(loaded.getFileName() + ": " + cannotDelete);
            }
        }
        return new Purge(deleted, failed);
    }
}
