package dev.hookhouse.http;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * The id and time a request is acknowledged with. The timestamp is kept as text so the spool
 * holds exactly the digits the sender was shown.
 *
 * @param requestId 20 random lowercase letters (94 bits) from a {@link SecureRandom}
 * @param timestamp UTC epoch seconds with 7 decimals (100 ns), e.g. {@code 1577015690.3118637}
 */
record RequestStamp(String requestId, String timestamp) {

    static final int ID_LETTERS = 20;

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

        private String randomId() {
            char[] letters = new char[ID_LETTERS];
            for (int i = 0; i < letters.length; i++) {
                letters[i] = (char) ('a' + random.nextInt(26));
            }
            return new String(letters);
        }
    }

    static String epochSeconds(Instant instant) {
        String fraction = Integer.toString(instant.getNano() / 100);
        return instant.getEpochSecond() + "." + "0".repeat(7 - fraction.length()) + fraction;
    }
}
