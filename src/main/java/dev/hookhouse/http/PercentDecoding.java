package dev.hookhouse.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code application/x-www-form-urlencoded} text, the encoding of query strings and
 * form bodies: {@code +} is a space, {@code %XX} is a byte, and the bytes are UTF-8.
 *
 * <p>Written here rather than borrowed from {@code URLDecoder} because that one replaces bad
 * UTF-8 with U+FFFD and guesses on a broken escape; a value that does not decode cleanly must
 * be refused, not silently changed.
 */
final class PercentDecoding {

    private PercentDecoding() {
    }

    /**
     * The decoded text, or {@code null} if {@code encoded} has a broken escape ({@code %4},
     * {@code %zz}), decodes to bytes that are not UTF-8, or holds a character above U+00FF
     * (which cannot come off the wire, where every character is one byte).
     */
    static String decodeOrNull(CharSequence encoded, int start, int end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        int i = start;
        while (i < end) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 1 < end ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = i + 2 < end ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else if (c > 0xFF) {
                return null;
            } else {
                bytes.write(c == '+' ? ' ' : c);
                i++;
            }
        }
        return utf8OrNull(bytes.toByteArray());
    }

    static String decodeOrNull(CharSequence encoded) {
        return decodeOrNull(encoded, 0, encoded.length());
    }

    /** Strict UTF-8: malformed sequences, overlong forms and encoded surrogates give null. */
    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
