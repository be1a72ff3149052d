package dev.hookhouse.cli;

import dev.hookhouse.ops.StatusFormat;
import dev.hookhouse.ops.StatusReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookhouse status}: backlog per spool area, the oldest record not loaded, the last
 * load, the registry's counts, and whether the server says it is ready. Reads files and
 * databases only, so it works with the server running or stopped.
 */
@Command(name = "status", description = "What the spool holds and whether the server is ready.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StatusReport report;
        try {
            report = StatusReport.gather(config.load(), Clock.systemUTC());
        } catch (IOException unreadable) {
            spec.commandLine().getErr().println("hookhouse: " + unreadable.getMessage());
            return 1;
        }

        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? StatusFormat.json(report) : StatusFormat.text(report));
        out.flush();
        return 0;
    }
}
