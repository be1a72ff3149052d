package dev.hookhouse.loader;

/**
 * What one call of {@link Loader#runOnce()} did.
 *
 * @param failure why the run failed, null unless {@code outcome} is {@code FAILED}
 */
public record RunReport(
        Outcome outcome,
        int segmentsLoaded,
        long rowsLoaded,
        int rejected,
        int deadLettered,
        String failure) {

    /** How a run ended. */
    public enum Outcome {
        /** Every sealed segment seen (or as many as fit in a run) was loaded; maybe none. */
        LOADED,
        /** Skipped: still waiting out the backoff after a failure. */
        WAITING,
        /** Something failed; the segment it was on stays for the next attempt. */
        FAILED,
        /** The loader was closed. */
        CLOSED
    }

    static RunReport skipped(Outcome outcome) {
        return new RunReport(outcome, 0, 0, 0, 0, null);
    }
}
