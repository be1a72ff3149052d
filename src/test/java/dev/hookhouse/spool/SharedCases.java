package dev.hookhouse.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The real webhook bodies of {@code shared/cases}, found next to the repository. */
final class SharedCases {

    private SharedCases() {
    }

    /** Walks up from the working directory to the first folder holding {@code shared/cases}. */
    static Path directory() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path cases = dir.resolve("shared").resolve("cases");
            if (Files.isDirectory(cases)) {
                return cases;
            }
        }
        throw new IllegalStateException("no shared/cases above " + here);
    }

    /** Every case file (the README is the cases' documentation, not a case). */
    static List<Path> files() throws IOException {
        try (var entries = Files.list(directory())) {
            return entries.filter(path -> !path.getFileName().toString().equals("README.md"))
                    .sorted().toList();
        }
    }

    /** The body as the edge hands it to the spool: gzip already decoded. */
    static byte[] decodedBody(Path caseFile) throws IOException {
        if (!caseFile.getFileName().toString().endsWith(".gz")) {
            return Files.readAllBytes(caseFile);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(caseFile))) {
            return in.readAllBytes();
        }
    }
}
