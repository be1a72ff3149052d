package dev.hookhouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.RegistryException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the token and pipeline commands share: {@code --config}, {@code --json}, opening the
 * registry, and turning failures into one line on stderr and an exit code (2 for input the
 * registry refuses, as picocli does for a bad option; 1 when the registry cannot do it).
 *
 * <p>Nothing here logs: in {@code --json} mode stdout must hold the JSON and nothing else.
 */
abstract class RegistryCommand implements Callable<Integer> {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    // ASCII-only output reads the same whatever the terminal's encoding
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        HookhouseConfig settings = config.load();
        Registry registry = Registry.open(settings, Clock.systemUTC());
        try {
            run(registry, settings);
            return 0;
        } catch (RegistryException refused) {
            err().println("hookhouse: " + refused.getMessage());
            return refused.kind() == RegistryException.Kind.INVALID ? EXIT_USAGE : EXIT_FAILED;
        } catch (SQLException failed) {
            err().println("hookhouse: the registry at " + registry.describe()
                    + " failed: " + failed.getMessage());
            return EXIT_FAILED;
        }
    }

    /** Does the command's work and prints its result. */
    abstract void run(Registry registry, HookhouseConfig settings) throws SQLException;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(Object value) {
        try {
            out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException onlyMapsAndLists) {
            throw new IllegalStateException(onlyMapsAndLists);
        }
    }

    /** Creation times to the second, UTC: what a person compares. */
    static String shown(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
