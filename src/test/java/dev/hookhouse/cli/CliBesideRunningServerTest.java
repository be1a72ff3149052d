package dev.hookhouse.cli;

import static dev.hookhouse.cli.TokenCommandTest.writeConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.RegistrySnapshot;
import dev.hookhouse.registry.TokenEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in another process writes to the SQLite registry while this process does what a
 * running server does: reads a snapshot again and again, and writes too (as a second server
 * sharing the registry would). Nobody may fail on a lock.
 */
class CliBesideRunningServerTest {

    private static final int TOKENS_FROM_CLI_PROCESS = 60;
    private static final int PIPELINES_FROM_CLI_PROCESS = 15;
    private static final int TOKENS_FROM_THIS_PROCESS = 40;

    @TempDir
    Path dir;

    @Test
    void snapshotsAndWritesNeverFailWhileAnotherProcessRunsTheCli() throws Exception {
        String config = writeConfig(dir, "hookhouse.data.dir=" + dir.resolve("data"));
        Registry registry = Registry.open(HookhouseConfig.load(Path.of(config)),
                Clock.systemUTC());
        registry.snapshot();
        Process cli = startCliProcess(config);

        ExecutorService threads = Executors.newFixedThreadPool(2);
        AtomicBoolean cliRunning = new AtomicBoolean(true);
        AtomicInteger snapshotsTaken = new AtomicInteger();
        Future<Set<Integer>> tokenCountsSeen = threads.submit(
                () -> snapshotWhile(registry, cliRunning, snapshotsTaken));
        Future<?> writes = threads.submit(() -> createAndRevoke(registry));

        boolean exited = cli.waitFor(120, TimeUnit.SECONDS);
        writes.get(120, TimeUnit.SECONDS);
        cliRunning.set(false);
        Set<Integer> countsSeen = tokenCountsSeen.get(30, TimeUnit.SECONDS);
        threads.shutdown();

        assertTrue(exited, "the CLI process did not finish");
        assertEquals(0, cli.exitValue(), "failed CLI runs; stderr:\n"
                + Files.readString(dir.resolve("cli.err")));
        RegistrySnapshot last = registry.snapshot();
        assertEquals(TOKENS_FROM_CLI_PROCESS + TOKENS_FROM_THIS_PROCESS,
                last.tokensByKey().size());
        assertEquals(PIPELINES_FROM_CLI_PROCESS, last.pipelinesById().size());
        assertEquals(TOKENS_FROM_THIS_PROCESS / 2,
                last.tokensByKey().values().stream().filter(TokenEntry::revoked).count());
        assertTrue(snapshotsTaken.get() > 20, "snapshots: " + snapshotsTaken.get());
        assertTrue(countsSeen.size() > 10, "snapshots did not overlap the writes: " + countsSeen);
    }

    private Process startCliProcess(String config) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                CliLoop.class.getName(), config, Integer.toString(TOKENS_FROM_CLI_PROCESS)))
                .redirectOutput(dir.resolve("cli.out").toFile())
                .redirectError(dir.resolve("cli.err").toFile())
                .start();
    }

    /** The loader's part; returns each number of tokens a snapshot saw. */
    private static Set<Integer> snapshotWhile(Registry registry, AtomicBoolean running,
            AtomicInteger taken) throws Exception {
        Set<Integer> tokenCounts = new TreeSet<>();
        while (running.get()) {
            tokenCounts.add(registry.snapshot().tokensByKey().size());
            taken.incrementAndGet();
            Thread.sleep(5);
        }
        return tokenCounts;
    }

    private static Void createAndRevoke(Registry registry) throws Exception {
        for (int i = 0; i < TOKENS_FROM_THIS_PROCESS; i++) {
            CreatedToken created = registry.createToken("server side " + i);
            if (i % 2 == 0) {
                registry.revokeToken(created.entry().key());
            }
        }
        return null;
    }
}
