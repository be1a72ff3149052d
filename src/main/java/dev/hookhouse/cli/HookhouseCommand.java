package dev.hookhouse.cli;

import dev.hookhouse.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/hookhouse} and of the jar. */
@Command(name = "hookhouse", mixinStandardHelpOptions = true, version = "hookhouse 0.1.0",
        description = "Turns webhooks into warehouse rows.",
        subcommands = {ServeCommand.class, TokenCommand.class, PipelineCommand.class,
                RejectedCommand.class, QueryCommand.class,
                StatusCommand.class, ReplayCommand.class})
public final class HookhouseCommand {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; a bad setting exits 2 with its reason. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new HookhouseCommand());
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof ConfigException badSetting) {
                line.getErr().println("hookhouse: configuration refused: "
                        + badSetting.getMessage());
                return 2;
            }
            throw failure;
        });
        return commandLine.execute(args);
    }
}
