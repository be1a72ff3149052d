package dev.hookhouse.cli;

/**
 * Runs {@code token create} and {@code pipeline create} many times in one JVM, through the real
 * command line code, as a second process for {@link CliBesideRunningServerTest}. Its exit code is
 * the number of runs that failed.
 */
public final class CliLoop {

    private CliLoop() {
    }

    /** Arguments: the config file and how many tokens to create (a quarter as many pipelines). */
    public static void main(String[] args) {
        String config = args[0];
        int tokens = Integer.parseInt(args[1]);
        int failures = 0;

        for (int i = 0; i < tokens; i++) {
            failures += failed(HookhouseCommand.run("token", "create", "--name", "process " + i,
                    "--json", "--config", config));
            if (i % 4 == 0) {
                failures += failed(HookhouseCommand.run("pipeline", "create", "--name",
                        "process pipeline " + i, "--json", "--config", config));
            }
        }
        System.exit(failures);
    }

    private static int failed(int exitCode) {
        return exitCode == 0 ? 0 : 1;
    }
}
