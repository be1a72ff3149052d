package dev.hookhouse.http;

/**
 * A request that gets an error answer instead of a 200. Thrown by each check so the ingest
 * steps read as a straight line; it is expected traffic, not a fault, so it carries no stack
 * trace.
 */
public final class RequestRejected extends Exception {

    private final IngestError error;
    private final String parameter;

    private RequestRejected(IngestError error, String parameter) {
        super(parameter == null ? error.name() : error.name() + ": " + parameter, null,
                false, false);
        this.error = error;
        this.parameter = parameter;
    }

    public static RequestRejected because(IngestError error) {
        return new RequestRejected(error, null);
    }

    /** For MISSING_PARAMETER and INVALID_PARAMETER, which name the parameter. */
    public static RequestRejected becauseOf(IngestError error, String parameter) {
        return new RequestRejected(error, parameter);
    }

    public IngestError error() {
        return error;
    }

    /** The text of the {@code error} field, e.g. {@code INVALID_PARAMETER: token}. */
    public String code() {
        return getMessage();
    }
}
