package dev.hookhouse.http;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * The id and time a request is acknowledged with. The time is taken when the request's head
 * has been read, before its body, so a slow upload is stamped with when it arrived. It is kept
 * as text so the spool holds exactly the digits the sender was shown.
 *
 * @param requestId 20 random lowercase letters (94 bits) from a {@link SecureRandom}
 * @param timestamp UTC epoch seconds with 7 decimals (100 ns), e.g. {@code 1577015690.3118637}
 */
record RequestStamp(String requestId, String timestamp) {

    static final int ID_LETTERS = 20;

    private static final int EVEN_LETTER_BYTES = 26 * 9;

    /** Makes stamps from an injected clock; safe to share between threads. */
    static final class Stamper {

        private final Clock clock;
        private final SecureRandom random = new SecureRandom();

        Stamper(Clock clock) {
            this.clock = clock;
        }

        RequestStamp next() {
            return new RequestStamp(randomId(), epochSeconds(clock.instant()));
        }

        /**
         * One draw of random bytes per id (the generator is shared and locks per call); a byte
         * below 234 = 9 * 26 maps evenly onto a letter, the others are skipped.
         */
        private String randomId() {
            char[] letters = new char[ID_LETTERS];
            byte[] bytes = new byte[ID_LETTERS + 12];
            int filled = 0;
            while (filled < letters.length) {
                random.nextBytes(bytes);
                for (int i = 0; i < bytes.length && filled < letters.length; i++) {
                    int value = bytes[i] & 0xFF;
                    if (value < EVEN_LETTER_BYTES) {
                        letters[filled++] = (char) ('a' + value % 26);
                    }
                }
            }
            return new String(letters);
        }
    }

    static String epochSeconds(Instant instant) {
        String fraction = Integer.toString(instant.getNano() / 100);
        return instant.getEpochSecond() + "." + "0".repeat(7 - fraction.length()) + fraction;
    }
}
