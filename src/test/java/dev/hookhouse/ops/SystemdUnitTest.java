package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit file and the install scripts, checked with the tools a sysadmin would use. */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("systemd", "hookhouse.service");

    @TempDir
    Path root;

    @Test
    void unitPassesSystemdAnalyzeVerify() throws Exception {
        Result verify = run(List.of("systemd-analyze", "verify", UNIT.toAbsolutePath()
                .toString()));

        assertEquals(0, verify.exitCode, verify.output);
        assertEquals("", verify.output.strip(), "verify printed warnings");
    }

    @Test
    void unitExposureScoreIsBelowThree() throws Exception {
        Result security = run(List.of("systemd-analyze", "security", "--offline=true",
                UNIT.toAbsolutePath().toString()));

        Matcher score = Pattern.compile("Overall exposure level for hookhouse.service: "
                + "([0-9.]+)").matcher(security.output);
        assertTrue(score.find(), security.output);
        double exposure = Double.parseDouble(score.group(1));
        assertTrue(exposure < 3.0, "exposure " + exposure);
    }

    @Test
    void installRunsTwiceKeepsTheConfigAndUninstallKeepsTheSpool() throws Exception {
        Path jar = Files.writeString(root.resolve("fake-build.jar"), "jar bytes");
        Path scratch = root.resolve("scratch");
        List<String> install = List.of("bash", "systemd/install.sh", "--jar", jar.toString(),
                "--root", scratch.toString());

        Result first = run(install);
        assertEquals(0, first.exitCode, first.output);
        Path config = scratch.resolve("etc/hookhouse/hookhouse.properties");
        Files.writeString(config, "hookhouse.http.port=8181\n", StandardCharsets.UTF_8);
        Files.writeString(scratch.resolve("var/lib/hookhouse/spool/keep.sealed"), "x");

        Result second = run(install);
        assertEquals(0, second.exitCode, second.output);
        assertTrue(second.output.contains("keeping existing"), second.output);
        assertEquals("hookhouse.http.port=8181\n", Files.readString(config));
        assertTrue(Files.exists(scratch.resolve("etc/systemd/system/hookhouse.service")));
        assertEquals("jar bytes", Files.readString(scratch.resolve("opt/hookhouse/hookhouse.jar")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(scratch.resolve("var/lib/hookhouse/spool"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(config)));

        Result uninstall = run(List.of("bash", "systemd/uninstall.sh", "--root",
                scratch.toString()));
        assertEquals(0, uninstall.exitCode, uninstall.output);
        assertTrue(Files.notExists(scratch.resolve("etc/systemd/system/hookhouse.service")));
        assertTrue(Files.notExists(scratch.resolve("opt/hookhouse")));
        assertTrue(Files.exists(scratch.resolve("var/lib/hookhouse/spool/keep.sealed")));
        assertTrue(Files.exists(config));
    }

    private record Result(int exitCode, String output) { }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(process.exitValue(), output);
    }
}
