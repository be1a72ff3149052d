package dev.hookhouse.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/cases} next to the repository, wherever the repository was cloned. */
final class SharedCases {

    private SharedCases() {
    }

    static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("cases");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/cases folder above "
                + Path.of("").toAbsolutePath() + "; the tests need ../shared/cases");
    }

    static byte[] read(String fileName) {
        try {
            return Files.readAllBytes(directory().resolve(fileName));
        } catch (IOException missing) {
            throw new UncheckedIOException(missing);
        }
    }
}
