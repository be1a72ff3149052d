package dev.hookhouse.cli;

import dev.hookhouse.server.HookhouseServer;
import java.time.Clock;
import java.util.concurrent.Callable;
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
        HookhouseServer server = HookhouseServer.start(config.load(), Clock.systemUTC());

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int exitCode = server.stop() ? 0 : 1;
            // A JVM ended by a signal exits 143 even after a clean stop; halting with our own
            // code tells systemd whether the stop really was clean.
            Runtime.getRuntime().halt(exitCode);
        }, "hookhouse-shutdown"));

        new CountDownLatch(1).await();
        return 0;
    }
}
