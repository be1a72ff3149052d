package dev.hookhouse.cli;

import dev.hookhouse.server.HookhouseServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the service in the foreground until SIGTERM or SIGINT. */
@Command(name = "serve", description = "Run the webhook endpoint and the loader.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        // The hook is in place before the port opens: a SIGTERM that arrives while the server
        // is still starting waits for the start to finish, then stops it cleanly.
        CompletableFuture<HookhouseServer> started = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            HookhouseServer server = started.join();
            if (server == null) {
                return; // the start failed; the process exits with that failure's code
            }
            int exitCode = server.stop() ? 0 : 1;
            // A JVM ended by a signal exits 143 even after a clean stop; halting with our own
            // code tells systemd whether the stop really was clean.
            Runtime.getRuntime().halt(exitCode);
        }, "hookhouse-shutdown"));

        try {
            started.complete(HookhouseServer.start(config.load(), Clock.systemUTC()));
        } catch (Exception | Error startFailed) {
            started.complete(null);
            throw startFailed;
        }

        new CountDownLatch(1).await();
        return 0;
    }
}
