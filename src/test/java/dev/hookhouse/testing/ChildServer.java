package dev.hookhouse.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Hookhouse server in its own JVM, started from the test classpath with `serve`, so a test
 * can kill it with SIGKILL or stop it with SIGTERM like an operator would.
 */
public final class ChildServer implements AutoCloseable {

    private final Process process;
    private final int httpPort;

    private ChildServer(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts `hookhouse serve` with the given HOOKHOUSE_* environment and waits for its port. */
    public static ChildServer start(Map<String, String> environment, Path log,
            Duration startTimeout) throws IOException, InterruptedException {
        int port = Integer.parseInt(environment.get("HOOKHOUSE_HTTP_PORT"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(testClassPath());
        command.add("dev.hookhouse.cli.HookhouseCommand");
        command.add("serve");

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();

        ChildServer server = new ChildServer(process, port);
        try {
            server.awaitPort(startTimeout);
        } catch (IOException notStarted) {
            throw new IOException(notStarted.getMessage() + "; its log:\n" + tail(log),
                    notStarted);
        }
        return server;
    }

    /**
     * The test JVM's class path without empty entries: surefire's ends in a separator, and an
     * empty entry means the working directory, whose routes/ folder would load every route twice.
     */
    private static String testClassPath() {
        String separator = java.io.File.pathSeparator;
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(separator))
                .filter(entry -> !entry.isBlank())
                .collect(java.util.stream.Collectors.joining(separator));
    }

    /** The last lines of a server log, for failure messages. */
    public static String tail(Path log) {
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(log);
        } catch (IOException unreadable) {
            return "(log unreadable: " + unreadable + ")";
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or sealed. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits; returns the exit code, or -1 if it did not exit in time. */
    public int stopGracefully(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    private void awaitPort(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server exited with " + process.exitValue()
                        + " before listening on " + httpPort);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("server did not listen on " + httpPort + " within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            killHard();
        }
    }
}
