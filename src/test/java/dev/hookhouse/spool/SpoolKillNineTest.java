package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a process that appends from several threads, then a restart: every id the child
 * printed as acknowledged is in a sealed segment exactly once, and no id is stored twice.
 * While the child lives, its lock keeps this process from opening (and recovering) its spool.
 */
class SpoolKillNineTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesSigkillExactlyOnce() throws Exception {
        Path spoolDir = dir.resolve("spool");
        Process child = startChild(spoolDir);
        AckReader acks = new AckReader(child.getInputStream());
        acks.start();

        try {
            awaitAcks(acks, child);
            assertThrows(IOException.class, () -> SpoolFiles.reopen(spoolDir),
                    "the live child holds the spool's lock");
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
        }
        acks.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(137, child.exitValue(), "killed by SIGKILL, not ended by itself");

        SpoolFiles.reopen(spoolDir);
        assertStoredExactlyOnce(acks.ids(), SpoolFiles.sealedIdCounts(spoolDir));
        assertEquals(List.of(), SpoolFiles.openSegments(spoolDir));
        assertEquals(List.of(), SpoolFiles.badLines(spoolDir));
    }

    private Process startChild(Path spoolDir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                SpoolCrashChild.class.getName(), spoolDir.toString(), "6")
                .redirectError(dir.resolve("child.stderr").toFile())
                .start();
    }

    private void awaitAcks(AckReader acks, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acks.ids().size() < ACKS_BEFORE_KILL) {
            assertTrue(child.isAlive(), "the child ended early: " + childStderr());
            assertTrue(System.nanoTime() < deadline, "only " + acks.ids().size()
                    + " acks in 30 s: " + childStderr());
            Thread.sleep(5);
        }
    }

    private String childStderr() throws IOException {
        return Files.readString(dir.resolve("child.stderr"));
    }

    private static void assertStoredExactlyOnce(Set<String> acked, Map<String, Integer> counts) {
        List<String> missing = new ArrayList<>();
        for (String id : acked) {
            if (!counts.containsKey(id)) {
                missing.add(id);
            }
        }
        List<String> duplicated = new ArrayList<>();
        counts.forEach((id, count) -> {
            if (count > 1) {
                duplicated.add(id);
            }
        });

        assertTrue(acked.size() >= ACKS_BEFORE_KILL, "acks seen: " + acked.size());
        assertEquals(List.of(), missing, "acknowledged but not in a sealed segment");
        assertEquals(List.of(), duplicated, "stored more than once");
    }

    /** Collects the ids of complete {@code acked} lines; a line cut by the kill is ignored. */
    private static final class AckReader extends Thread {
        private final InputStream in;
        private final Set<String> ids = ConcurrentHashMap.newKeySet();

        AckReader(InputStream in) {
            super("ack-reader");
            this.in = in;
        }

        Set<String> ids() {
            return ids;
        }

        @Override
        public void run() {
            StringBuilder line = new StringBuilder();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b != '\n') {
                        line.append((char) b);
                        continue;
                    }
                    String text = line.toString();
                    if (text.startsWith(SpoolCrashChild.ACKED)) {
                        ids.add(text.substring(SpoolCrashChild.ACKED.length()));
                    }
                    line.setLength(0);
                }
            } catch (IOException pipeClosed) {
                // The child is gone; what was read completely is what counts.
            }
        }
    }
}
