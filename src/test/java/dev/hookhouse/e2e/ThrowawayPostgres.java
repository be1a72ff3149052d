package dev.hookhouse.e2e;

import dev.hookhouse.testing.ChildServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, made with {@code initdb} in a temporary directory and
 * run with {@code pg_ctl} on a free port of 127.0.0.1 with trust authentication (superuser
 * {@code postgres}), so the test may stop and start it without touching the shared server.
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root, every PostgreSQL command
 * runs as {@value #OS_USER} through {@code runuser}, in a directory that user owns; otherwise
 * as the current user. {@link #close} stops the server and deletes its directory.
 */
final class ThrowawayPostgres implements AutoCloseable {

    /** A user every Linux system has, so the test adds no account to the machine. */
    private static final String OS_USER = "nobody";
    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path bin;
    private final Path root;
    private final int port;
    private boolean running;

    private ThrowawayPostgres(Path bin, Path root, int port) {
        this.bin = bin;
        this.root = root;
        this.port = port;
    }

    /** Creates the cluster and starts it; the caller must close it. */
    static ThrowawayPostgres start() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("hookhouse-throwaway-pg-");
        ThrowawayPostgres postgres = new ThrowawayPostgres(newestBin(), root,
                ChildServer.freePort());
        try {
            postgres.handOverDirectory();
            postgres.initdb();
            postgres.startServer();
        } catch (IOException | InterruptedException | RuntimeException failed) {
            postgres.close();
            throw failed;
        }
        return postgres;
    }

    private static Path newestBin() throws IOException {
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(
                            bin.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IOException("no initdb under " + INSTALLATIONS
                            + "; install the postgresql package"));
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Stops the server as an operator would ({@code pg_ctl stop -m fast}). */
    void stop() throws IOException, InterruptedException {
        pgCtl("-m", "fast", "stop");
        running = false;
    }

    /** Starts it again on the same port, with the same data. */
    void startServer() throws IOException, InterruptedException {
        pgCtl("-l", root.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1"
                        + " -c unix_socket_directories=" + root,
                "start");
        running = true;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (running) {
                stopNow();
            }
        } finally {
            deleteTree(root);
        }
    }

    /** Stops at once; if even that fails, kills the postmaster by the id it wrote down. */
    private void stopNow() throws IOException, InterruptedException {
        try {
            pgCtl("-m", "immediate", "stop");
        } catch (IOException stopFailed) {
            Path pidFile = dataDir().resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            throw stopFailed;
        } finally {
            running = false;
        }
    }

    private Path dataDir() {
        return root.resolve("data");
    }

    private void handOverDirectory() throws IOException {
        if (isRoot()) {
            UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(OS_USER);
            Files.setOwner(root, owner);
        }
    }

    private void initdb() throws IOException, InterruptedException {
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(),
                "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale",
                "--no-sync"));
    }

    private void pgCtl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(),
                "-D", dataDir().toString(), "-w", "-t", "60"));
        command.addAll(List.of(arguments));
        run(command);
    }

    /** Runs a PostgreSQL command as its owner; output goes to a file, so no pipe can block. */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> asOwner = new ArrayList<>();
        if (isRoot()) {
            asOwner.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        asOwner.addAll(command);
        Path output = Files.createTempFile("hookhouse-pg-command", ".out");
        try {
            Process process = new ProcessBuilder(asOwner).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish in " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IOException(command + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + serverLog());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() throws IOException {
        Path log = root.resolve("postgres.log");
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
