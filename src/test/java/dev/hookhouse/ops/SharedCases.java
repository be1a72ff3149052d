package dev.hookhouse.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real webhook bodies in {@code shared/cases}, found next to the repository. */
final class SharedCases {

    /** Bodies every warehouse stores byte-exact, with the Content-Type they are sent with. */
    static final String[] JSON_BODIES = {
        "A01_github_push_new_branch.json",
        "A07_slack_url_verification.json",
        "A14_shopify_orders_create_bigint_escaped_slashes.json",
        "A15_stripe_charge_event.json",
        "B06_big_numbers.json",
    };

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

    static String text(String fileName) {
        try {
            return Files.readString(directory().resolve(fileName));
        } catch (IOException missing) {
            throw new UncheckedIOException(missing);
        }
    }
}
