package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheCap() {
        Backoff backoff = new Backoff(1_000, 10_000);

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(backoff.failed(0));
        }

        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L, 10_000L), delays);
        assertEquals(7, backoff.failedAttempts());
    }

    @Test
    void aFailureMakesLaterAttemptsWaitUntilTheDelayIsOver() {
        Backoff backoff = new Backoff(1_000, 60_000);

        backoff.failed(5_000);

        assertTrue(backoff.isWaiting(5_999));
        assertFalse(backoff.isWaiting(6_000));
    }

    @Test
    void successStartsOverFromTheFirstDelay() {
        Backoff backoff = new Backoff(1_000, 60_000);
        backoff.failed(0);
        backoff.failed(0);

        backoff.succeeded();

        assertFalse(backoff.isWaiting(0));
        assertEquals(1_000, backoff.failed(0));
    }

    @Test
    void manyFailuresNeverOverflowTheDelay() {
        Backoff backoff = new Backoff(1_000, 3_600_000);

        assertEquals(3_600_000, backoff.delayAfter(10_000));
    }

    @Test
    void aCapBelowTheFirstDelayWins() {
        Backoff backoff = new Backoff(1_000, 100);

        assertEquals(100, backoff.failed(0));
    }
}
