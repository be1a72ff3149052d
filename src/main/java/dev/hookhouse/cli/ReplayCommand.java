package dev.hookhouse.cli;

import dev.hookhouse.ops.Replay;
import dev.hookhouse.ops.ReplayFormat;
import dev.hookhouse.ops.RequestTimes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookhouse replay}: loads archived, dead-letter or rejected records again, chosen by
 * request time and pipeline. Safe with the server running; see {@link Replay}.
 */
@Command(name = "replay",
        description = "Queue archived, dead-letter or rejected records for loading again.")
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Records with a request time at or after TIME: 2025-01-02T03:04:05Z,"
                    + " a date (UTC midnight) or epoch seconds.")
    String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "Records with a request time before TIME.")
    String to;

    @Option(names = "--pipeline", paramLabel = "ID", description = "Only this pipeline id.")
    Long pipelineId;

    @Option(names = "--area", paramLabel = "AREA", defaultValue = "archive",
            description = "archive (default), dead-letter or rejected.")
    String area;

    @Option(names = "--dry-run", description = "Say what would be replayed; write nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Replay.Selection selection;
        try {
            selection = new Replay.Selection(Replay.Area.of(area), RequestTimes.parseOrNull(from),
                    RequestTimes.parseOrNull(to), pipelineId);
        } catch (IllegalArgumentException badOption) {
            spec.commandLine().getErr().println("hookhouse: " + badOption.getMessage());
            return 2;
        }

        Replay.Outcome outcome;
        try {
            outcome = Replay.run(config.load().spoolDir(), selection, dryRun);
        } catch (IOException failed) {
            spec.commandLine().getErr().println("hookhouse: replay failed: "
                    + failed.getMessage());
            return 1;
        }

        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ReplayFormat.json(selection, outcome)
                : ReplayFormat.text(selection, outcome));
        out.flush();
        return 0;
    }
}
