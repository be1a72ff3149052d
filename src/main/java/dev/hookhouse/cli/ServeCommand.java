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
        CountDownLatch stopped = new CountDownLatch(1);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hookhouse-shutdown"));

        stopped.await();
        return 0;
    }
}
