package dev.hookhouse.http;

/**
 * Learns how each request was answered, for metrics. Called once per request on the thread
 * that answered it, after the answer is decided; it must be quick and must not throw.
 */
@FunctionalInterface
public interface IngestObserver {

    /** Observes nothing. */
    IngestObserver NONE = (status, code) -> { };

    /** The code of every 200: a stored request or an answered {@code HEAD} probe. */
    String OK = "OK";

    /**
     * @param status the HTTP status of the answer
     * @param code {@value #OK} for a 200, else the error's name without the parameter it names
     *     ({@code INVALID_PARAMETER}, never {@code INVALID_PARAMETER: token}), so that the set
     *     of codes stays small
     */
    void answered(int status, String code);
}
