package dev.hookhouse.e2e;

import java.time.Duration;

/**
 * Waits for something the system does on its own time (a seal, a loader run) by asking again
 * and again until a deadline, so a test never bets on a fixed sleep. A check that throws is
 * "not yet"; its last failure is reported if the deadline passes.
 */
final class Poll {

    private static final long PAUSE_MILLIS = 50;

    /** A question asked repeatedly; throwing counts as "not yet". */
    @FunctionalInterface
    interface Check {
        boolean done() throws Exception;
    }

    /** What the test saw last, said when it gives up. */
    @FunctionalInterface
    interface State {
        String describe() throws Exception;
    }

    private Poll() {
    }

    static void until(String what, Duration timeout, Check check) throws InterruptedException {
        until(what, timeout, PAUSE_MILLIS, check, () -> "");
    }

    static void until(String what, Duration timeout, long pauseMillis, Check check, State state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                if (check.done()) {
                    return;
                }
                lastFailure = null;
            } catch (Exception notYet) {
                lastFailure = notYet;
            }

            if (System.nanoTime() > deadline) {
                AssertionError gaveUp = new AssertionError("waited " + timeout.toSeconds()
                        + " s for " + what + "; " + describe(state));
                if (lastFailure != null) {
                    gaveUp.initCause(lastFailure);
                }
                throw gaveUp;
            }
            Thread.sleep(pauseMillis);
        }
    }

    private static String describe(State state) {
        try {
            return state.describe();
        } catch (Exception cannotTell) {
            return "state unknown: " + cannotTell;
        }
    }
}
