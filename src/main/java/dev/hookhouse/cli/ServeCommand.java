package dev.hookhouse.cli;

import dev.hookhouse.server.HookhouseServer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Runs the service in the foreground until SIGTERM or SIGINT, then stops it gracefully and
 * exits 0 (1 if the stop was not clean).
 *
 * <p>SIGTERM and SIGINT are handled here rather than by a JVM shutdown hook, and from before
 * the start: the webhook port opens a few seconds before the start has finished, and a signal
 * that began the JVM's shutdown in that window would fail the rest of the start (libraries
 * register shutdown hooks while starting) and exit 143. The handler waits for the start to
 * finish, then stops.
 */
@Command(name = "serve", description = "Run the webhook endpoint and the loader.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT");

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        CompletableFuture<HookhouseServer> started = new CompletableFuture<>();
        for (String signal : STOP_SIGNALS) {
            Signal.handle(new Signal(signal), received -> stopAndHalt(started));
        }

        HookhouseServer server;
        try {
            server = HookhouseServer.start(config.load(), Clock.systemUTC());
        } catch (Exception | Error startFailed) {
            started.complete(null);
            throw startFailed;
        }
        started.complete(server);
        // Any other end of the JVM (SIGHUP, say) still seals the spool.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "hookhouse-shutdown"));

        new CountDownLatch(1).await();
        return 0;
    }

    private static void stopAndHalt(CompletableFuture<HookhouseServer> started) {
        HookhouseServer server = started.join();
        if (server == null) {
            // The start failed; the process exits with that failure's code.
            return;
        }
        int exitCode = server.stop() ? 0 : 1;
        // Halting skips the JVM's shutdown hooks (ours would only stop again) and makes the
        // exit code ours: systemd learns whether the stop really was clean.
        Runtime.getRuntime().halt(exitCode);
    }
}
