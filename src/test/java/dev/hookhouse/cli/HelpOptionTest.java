package dev.hookhouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers {@code --help} with its usage and exit code 0. */
class HelpOptionTest {

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"serve", "token", "token create", "pipeline", "pipeline create",
        "rejected", "rejected list", "query", "status", "replay"})
    void printsUsageAndSucceeds(String command) {
        String[] args = (command + " --help").split(" ");

        CliRun run = CliRun.of(args);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Usage: hookhouse " + command), run.out());
    }
}
