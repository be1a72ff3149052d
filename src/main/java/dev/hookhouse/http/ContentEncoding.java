package dev.hookhouse.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Content-Encoding} of a request body. Senders compress large payloads; anything
 * other than gzip or deflate is refused with 415 rather than stored as bytes nobody can read.
 */
enum ContentEncoding {

    IDENTITY,
    GZIP,
    /** zlib-wrapped (RFC 1950, as the spec says) or raw deflate (as some senders send). */
    DEFLATE;

    /**
     * Reads the header values (a request may repeat the header). {@code identity} entries are
     * ignored; more than one real coding (e.g. {@code gzip, deflate}) is refused: no sender
     * stacks them, and every extra layer is another decompression to bound.
     */
    static ContentEncoding of(List<String> headerValues) throws RequestRejected {
        List<String> codings = new ArrayList<>();
        for (String headerValue : headerValues) {
            for (String coding : headerValue.split(",")) {
                String name = coding.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !name.equals("identity")) {
                    codings.add(name);
                }
            }
        }

        if (codings.isEmpty()) {
            return IDENTITY;
        }
        if (codings.size() > 1) {
            throw RequestRejected.because(IngestError.UNSUPPORTED_CONTENT_ENCODING);
        }
        return switch (codings.get(0)) {
            case "gzip", "x-gzip" -> GZIP;
            case "deflate" -> DEFLATE;
            default -> throw RequestRejected.because(IngestError.UNSUPPORTED_CONTENT_ENCODING);
        };
    }
}
