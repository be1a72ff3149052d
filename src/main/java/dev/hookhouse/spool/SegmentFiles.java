package dev.hookhouse.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How the spool writer opens segment files and forces directories: the one seam where tests put
 * a failing disk under a real spool. Production uses {@link #SYSTEM}, which adds nothing to the
 * JDK calls; a test implementation wraps the real channel and fails a write after some bytes, a
 * force, or a directory fsync.
 */
interface SegmentFiles {

    /** Plain {@link FileChannel#open} and {@link SpoolLayout#fsyncDirectory}. */
    SegmentFiles SYSTEM = new SegmentFiles() {
        @Override
        public FileChannel open(Path file, OpenOption... options) throws IOException {
            return FileChannel.open(file, options);
        }

        @Override
        public void fsyncDirectory(Path directory) throws IOException {
            SpoolLayout.fsyncDirectory(directory);
        }
    };

    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** Makes entries created, renamed or deleted in {@code directory} survive a power loss. */
    void fsyncDirectory(Path directory) throws IOException;
}
