package dev.hookhouse.ops;

import dev.hookhouse.cli.HookhouseCommand;
import dev.hookhouse.config.HookhouseConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One in-process run of {@code bin/hookhouse}, stdout and stderr captured as a shell sees. */
record Cli(int exitCode, String out, String err) {

    static synchronized Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exitCode = HookhouseCommand.run(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Cli(exitCode, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** {@code command} with {@code --config} pointing at a file holding {@code config}. */
    static Cli run(Path configFile, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--config");
        args.add(configFile.toString());
        return run(args.toArray(String[]::new));
    }

    /** Writes the settings a CLI on the same host would use to find the server's files. */
    static Path configFile(Path dir, HookhouseConfig config, Map<String, String> extra)
            throws IOException {
        StringBuilder properties = new StringBuilder();
        for (var setting : HookhouseConfig.SETTINGS) {
            String value = extra.getOrDefault(setting.key(), config.text(setting));
            properties.append(setting.key()).append('=')
                    .append(value.replace("\\", "\\\\")).append('\n');
        }
        return Files.writeString(dir.resolve("cli.properties"), properties);
    }
}
