package dev.hookhouse.cli;

import dev.hookhouse.config.HookhouseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command takes. */
public final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Java properties file with hookhouse.* settings.")
    Path file;

    /** The effective configuration: defaults, then the file, then the environment. */
    public HookhouseConfig load() {
        return HookhouseConfig.load(file);
    }
}
