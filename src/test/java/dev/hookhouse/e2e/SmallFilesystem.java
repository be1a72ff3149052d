package dev.hookhouse.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a few megabytes mounted for one test, so that a disk really fills up: the kernel
 * answers ENOSPC, as it would on a full spool partition. Mounting needs root, as in
 * {@code .ci/run}; without it the test fails and says so rather than skipping.
 */
final class SmallFilesystem implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path mountPoint;
    private final Path ballast;

    private SmallFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.ballast = mountPoint.resolve("ballast");
    }

    static SmallFilesystem mount(Path mountPoint, long sizeBytes)
            throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755",
                "tmpfs", mountPoint.toString()),
                "mounting a tmpfs needs root (the torture suite runs as root in .ci/run)");
        return new SmallFilesystem(mountPoint);
    }

    Path root() {
        return mountPoint;
    }

    long freeBytes() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /** Takes all but {@code leaveBytes} of the free space, in a file the spool never reads. */
    void fillLeaving(long leaveBytes) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            long toWrite = freeBytes() - leaveBytes;
            while (toWrite > 0) {
                int length = (int) Math.min(block.length, toWrite);
                out.write(block, 0, length);
                toWrite -= length;
            }
        }
    }

    /** Gives the space back, as an operator cleaning up the partition would. */
    void free() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // Lazy: a server killed a moment ago may still hold files open on it.
        run(List.of("umount", "-l", mountPoint.toString()), "unmounting the tmpfs");
    }

    private static void run(List<String> command, String why)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + why + "): "
                    + output.strip());
        }
    }
}
