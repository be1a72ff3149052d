package dev.hookhouse.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the user's only reference: it must name every key. */
class ReadmeDocumentsEverySettingTest {

    @Test
    void everySettingHasARowInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

        for (Setting setting : HookhouseConfig.SETTINGS) {
            assertTrue(readme.contains("| `" + setting.key() + "`"),
                    "README.md has no configuration row for " + setting.key());
        }
    }
}
