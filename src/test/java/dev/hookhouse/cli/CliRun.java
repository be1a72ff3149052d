package dev.hookhouse.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * One in-process run of {@code bin/hookhouse}: {@link HookhouseCommand#run} with stdout and
 * stderr captured, exactly as a shell would see them.
 */
record CliRun(int exitCode, String out, String err) {

    static synchronized CliRun of(String... args) {
        Charset charset = Charset.defaultCharset();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;

        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, charset));
            System.setErr(new PrintStream(err, true, charset));
            exitCode = HookhouseCommand.run(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new CliRun(exitCode, out.toString(charset), err.toString(charset));
    }
}
