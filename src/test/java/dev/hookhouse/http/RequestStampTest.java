package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestStampTest {

    @Test
    void timestampHasSevenDecimalsFromTheClock() {
        Instant instant = Instant.parse("2019-12-22T11:54:50.311863700Z");
        RequestStamp.Stamper stamper = new RequestStamp.Stamper(
                Clock.fixed(instant, ZoneOffset.UTC));

        assertEquals("1577015690.3118637", stamper.next().timestamp());
    }

    @Test
    void timestampKeepsLeadingAndTrailingZeros() {
        assertEquals("1577015690.0000001",
                RequestStamp.epochSeconds(Instant.ofEpochSecond(1577015690, 100)));
        assertEquals("1577015690.5000000",
                RequestStamp.epochSeconds(Instant.ofEpochSecond(1577015690, 500_000_000)));
        assertEquals("1577015690.0000000",
                RequestStamp.epochSeconds(Instant.ofEpochSecond(1577015690, 99)));
    }

    @Test
    void idsAreTwentyLowercaseLettersAndDiffer() {
        RequestStamp.Stamper stamper = new RequestStamp.Stamper(Clock.systemUTC());
        Set<String> ids = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            String id = stamper.next().requestId();
            assertTrue(id.matches("[a-z]{20}"), id);
            ids.add(id);
        }

        assertEquals(1000, ids.size());
        assertNotEquals(stamper.next().requestId(), stamper.next().requestId());
    }

    @Test
    void everyLetterIsDrawnAndNoneIsFavoured() {
        RequestStamp.Stamper stamper = new RequestStamp.Stamper(Clock.systemUTC());
        int[] counts = new int[26];

        for (int i = 0; i < 20_000; i++) {
            for (char letter : stamper.next().requestId().toCharArray()) {
                counts[letter - 'a']++;
            }
        }

        // 400000 letters, 15385 expected each, standard deviation 122. Five deviations either
        // way; a plain byte % 26 would leave w, x, y and z near 14062, eleven deviations low.
        for (int count : counts) {
            assertTrue(count > 14_777 && count < 15_993, Arrays.toString(counts));
        }
    }
}
