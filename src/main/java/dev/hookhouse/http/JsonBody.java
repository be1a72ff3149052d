package dev.hookhouse.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * Checks that a body is exactly one JSON value, without changing a byte of it.
 *
 * <p>The body is decoded as strict UTF-8 first (so Jackson never guesses an encoding), then
 * run through Jackson's streaming parser, which only tokenizes: numbers are never converted,
 * so {@code 12345678901234567890} and {@code 0.1000000000000000055} are checked as digits and
 * stored as received. Jackson's defaults are the strict ones (no comments, no single quotes, no
 * NaN, no leading zeros, no raw control characters in strings). A lone surrogate escape such as
 * {@code "\ud83d"} is valid JSON text and is accepted; whether a warehouse takes it is the
 * loader's concern.
 *
 * <p>Limits: strings and numbers may be as long as the body; nesting deeper than
 * {@value #MAX_NESTING_DEPTH} levels is refused, since no webhook nests that deep and
 * warehouses' JSON parsers recurse. A byte order mark is refused: RFC 8259 forbids sending one.
 */
final class JsonBody {

    static final int MAX_NESTING_DEPTH = 1000;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    private JsonBody() {
    }

    /** The body's text if it is strict UTF-8 holding exactly one JSON value. */
    static String requireJson(byte[] body) throws RequestRejected {
        String text = PercentDecoding.utf8OrNull(body);
        if (text == null || !isSingleJsonValue(text)) {
            throw RequestRejected.because(IngestError.INVALID_BODY);
        }
        return text;
    }

    static boolean isSingleJsonValue(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException malformed) {
            return false;
        }
    }
}
