package dev.hookhouse.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way a token is turned into what is stored: lowercase hex SHA-256 of its ASCII text.
 *
 * <p>A plain hash is enough here because tokens are long random strings (at least 40 letters
 * and digits, over 230 bits), not passwords a person chose: there is nothing to guess, so a
 * slow password hash would only cost time on every loaded record.
 */
public final class TokenHash {

    private TokenHash() {
    }

    public static String sha256Hex(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException everyJvmHasIt) {
            throw new IllegalStateException(everyJvmHasIt);
        }
    }

    /** Compares two hashes in time that does not depend on where they differ. */
    public static boolean matches(String expectedHex, String actualHex) {
        return MessageDigest.isEqual(
                expectedHex.getBytes(StandardCharsets.US_ASCII),
                actualHex.getBytes(StandardCharsets.US_ASCII));
    }
}
