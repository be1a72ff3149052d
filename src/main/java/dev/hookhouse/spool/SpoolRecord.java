package dev.hookhouse.spool;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One accepted request as it is stored in the spool: a single JSON line.
 *
 * <pre>
 * {"v":1,"id":"qwertyuiopasdfghjklz","ts":1577015690.3118637,"pipeline_id":835212,
 *  "key":"3f1c…-uuid","token_sha256":"9f86…hex","body":"{\"action\":\"opened\"}"}\n
 * </pre>
 *
 * <table>
 *   <caption>Line format, version 1</caption>
 *   <tr><th>field</th><th>JSON type</th><th>meaning</th></tr>
 *   <tr><td>v</td><td>number</td><td>format version, 1</td></tr>
 *   <tr><td>id</td><td>string</td><td>request id, 20 lowercase letters</td></tr>
 *   <tr><td>ts</td><td>number</td><td>UTC epoch seconds, 7 decimals, exactly as acked</td></tr>
 *   <tr><td>pipeline_id</td><td>number</td><td>pipeline id from the query string</td></tr>
 *   <tr><td>key</td><td>string</td><td>key (UUID) from the query string</td></tr>
 *   <tr><td>token_sha256</td><td>string</td><td>lowercase hex SHA-256 of the token</td></tr>
 *   <tr><td>body</td><td>string</td><td>the request body's UTF-8 text, JSON-escaped</td></tr>
 * </table>
 *
 * <p>The body is stored as a JSON string rather than as embedded JSON so that a body holding
 * raw newlines (pretty-printed JSON, a trailing CRLF) still fits on one line. Decoding the
 * string gives back the body's exact bytes: the edge only accepts valid UTF-8, and escaping
 * valid UTF-8 text is lossless. The timestamp is written as the exact digits sent to the
 * sender, never through a double.
 */
public record SpoolRecord(
        String requestId,
        String timestamp,
        long pipelineId,
        String key,
        String tokenSha256,
        String body) {

    public static final int FORMAT_VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(64)
                    .build())
            .build();

    /** The record as one UTF-8 JSON line, ending in {@code \n}. */
    public byte[] toLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() + 256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", FORMAT_VERSION);
            json.writeStringField("id", requestId);
            json.writeFieldName("ts");
            json.writeNumber(timestamp);
            json.writeNumberField("pipeline_id", pipelineId);
            json.writeStringField("key", key);
            json.writeStringField("token_sha256", tokenSha256);
            json.writeStringField("body", body);
            json.writeEndObject();
        } catch (IOException cannotHappenInMemory) {
            throw new UncheckedIOException(cannotHappenInMemory);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Parses one line (with or without its {@code \n}).
     *
     * @throws IllegalArgumentException if the line is not a complete version-1 record
     */
    public static SpoolRecord fromLine(byte[] line, int offset, int length) {
        String id = null;
        String timestamp = null;
        String key = null;
        String tokenSha256 = null;
        String body = null;
        long pipelineId = -1;
        int version = -1;

        try (JsonParser parser = JSON.createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("spool line is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "v" -> version = parser.getIntValue();
                    case "id" -> id = parser.getText();
                    case "ts" -> timestamp = requireNumber(value, parser.getText());
                    case "pipeline_id" -> pipelineId = parser.getLongValue();
                    case "key" -> key = parser.getText();
                    case "token_sha256" -> tokenSha256 = parser.getText();
                    case "body" -> body = parser.getText();
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("spool line has trailing content");
            }
        } catch (IOException malformed) {
            throw new IllegalArgumentException("spool line is not valid JSON: "
                    + malformed.getMessage(), malformed);
        }

        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported spool line version " + version);
        }
        if (id == null || timestamp == null || key == null || tokenSha256 == null
                || body == null || pipelineId < 0) {
            throw new IllegalArgumentException("spool line misses a field");
        }
        return new SpoolRecord(id, timestamp, pipelineId, key, tokenSha256, body);
    }

    public static SpoolRecord fromLine(byte[] line) {
        return fromLine(line, 0, line.length);
    }

    private static String requireNumber(JsonToken token, String text) {
        if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("spool line ts is not a number");
        }
        return text;
    }
}
