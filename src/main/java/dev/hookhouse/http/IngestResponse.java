package dev.hookhouse.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the endpoint answers: a status, a JSON body, and the only extra headers it ever sends.
 * Nothing from the request is echoed; every byte here comes from Hookhouse.
 *
 * <pre>
 * 200 {"success": true, "data": {"__kdd_request_id": "qwertyuiopasdfghjklz",
 *                                "__kdd_request_unix_timestamp": 1577015690.3118637}}
 * 4xx/5xx {"success": false, "error": "INVALID_PARAMETER: key"}
 * </pre>
 *
 * @param status the HTTP status
 * @param body the JSON text as UTF-8 bytes; empty for HEAD
 * @param headers extra headers: {@code Retry-After} on 503, {@code Allow} on 405
 */
public record IngestResponse(int status, byte[] body, Map<String, String> headers) {

    public static final String CONTENT_TYPE = "application/json";

    static IngestResponse accepted(RequestStamp stamp) {
        String json = "{\"success\": true, \"data\": {\"__kdd_request_id\": \""
                + stamp.requestId() + "\", \"__kdd_request_unix_timestamp\": "
                + stamp.timestamp() + "}}";
        return new IngestResponse(200, utf8(json), Map.of());
    }

    /** The answer to {@code HEAD /}: a probe that the URL is alive, storing nothing. */
    static IngestResponse probeAnswered() {
        return new IngestResponse(200, new byte[0], Map.of());
    }

    static IngestResponse rejected(RequestRejected rejection, long retryAfterSeconds) {
        IngestError error = rejection.error();
        String json = "{\"success\": false, \"error\": \"" + rejection.code() + "\"}";
        return new IngestResponse(error.httpStatus(), utf8(json), headersFor(error,
                retryAfterSeconds));
    }

    private static Map<String, String> headersFor(IngestError error, long retryAfterSeconds) {
        return switch (error) {
            case SPOOL_UNAVAILABLE -> Map.of("Retry-After", Long.toString(retryAfterSeconds));
            case METHOD_NOT_ALLOWED -> Map.of("Allow", "POST, HEAD");
            default -> Map.of();
        };
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
