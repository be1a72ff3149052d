package dev.hookhouse.http;

/**
 * Every error the webhook endpoint answers, with its HTTP status. The name is the code sent in
 * {@code {"success": false, "error": "<CODE>"}}; the parameter errors add the parameter's name
 * ({@code MISSING_PARAMETER: key}). The README's error table lists the same codes.
 */
public enum IngestError {

    /** None of pipeline_id, key and token is in the query string. */
    NO_PARAMETERS_PROVIDED(400),
    /** A parameter is absent or empty; the code names it. */
    MISSING_PARAMETER(400),
    /** A parameter is malformed or given twice; the code names it. */
    INVALID_PARAMETER(400),
    /** The body is empty or only whitespace. */
    NO_BODY_PROVIDED(400),
    /** The body is not one JSON value in UTF-8 (or not a decodable form, or corrupt gzip). */
    INVALID_BODY(400),
    /** No route for this path: only {@code /} exists. */
    NOT_FOUND(404),
    /** Only POST (and HEAD, as a probe) are answered on {@code /}. */
    METHOD_NOT_ALLOWED(405),
    /** The sender did not deliver the whole body within hookhouse.http.body-timeout-ms. */
    BODY_TIMEOUT(408),
    /** The body, after gzip/deflate decoding, is larger than hookhouse.http.max-body-bytes. */
    BODY_TOO_LARGE(413),
    /** The Content-Type is neither JSON, plain text nor a form. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** The Content-Encoding is neither identity, gzip nor deflate. */
    UNSUPPORTED_CONTENT_ENCODING(415),
    /** The spool could not make the request durable; nothing was stored, retry later. */
    SPOOL_UNAVAILABLE(503),
    /** A fault in Hookhouse itself; nothing was stored. */
    INTERNAL_ERROR(500);

    private final int httpStatus;

    IngestError(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
