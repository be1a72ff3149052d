package dev.hookhouse.spool;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One accepted request as it is stored in the spool: a single JSON line. This class owns the
 * line format; {@code docs/spool-format.md} shows how to read it by hand.
 *
 * <pre>
 * {"v":1,"id":"qwertyuiopasdfghjklz","ts":1577015690.3118637,"pipeline_id":835212,
 *  "key":"3f1c…-uuid","token_sha256":"9f86…hex","body":"{\"action\":\"opened\"}"}\n
 * </pre>
 *
 * <table>
 *   <caption>Line format, version 1</caption>
 *   <tr><th>field</th><th>JSON type</th><th>meaning</th></tr>
 *   <tr><td>v</td><td>integer</td><td>format version, 1</td></tr>
 *   <tr><td>id</td><td>string</td><td>request id, 20 lowercase letters</td></tr>
 *   <tr><td>ts</td><td>number</td><td>UTC epoch seconds, digits exactly as acked</td></tr>
 *   <tr><td>pipeline_id</td><td>integer</td><td>pipeline id from the query string</td></tr>
 *   <tr><td>key</td><td>string</td><td>key (UUID) from the query string</td></tr>
 *   <tr><td>token_sha256</td><td>string</td><td>lowercase hex SHA-256 of the token</td></tr>
 *   <tr><td>body</td><td>string</td><td>the request body's UTF-8 text, JSON-escaped</td></tr>
 * </table>
 *
 * <p><b>Guarantees.</b> A line is UTF-8, holds no raw {@code \n} or {@code \r} (JSON escapes
 * them inside strings) and ends with exactly one {@code \n}, so a segment splits into records at
 * {@code \n}. Field order is as above, but readers must not depend on it. Readers ignore
 * fields they do not know; a change that readers cannot ignore gets a new {@code v}.
 *
 * <p>The body is stored as a JSON string rather than as embedded JSON so that a body holding
 * raw newlines (pretty-printed JSON, a trailing CRLF) still fits on one line, and so that the
 * spool never parses or re-prints a body. Decoding the string gives back the body's exact bytes:
 * the body must be valid Unicode text (the edge only accepts valid UTF-8, and the constructor
 * refuses an unpaired surrogate, which no UTF-8 can carry), and escaping such text is lossless.
 * {@code ts} is written as the exact digits sent to the sender, never through a double, and
 * read back as the same digits.
 */
public record SpoolRecord(
        String requestId,
        String timestamp,
        long pipelineId,
        String key,
        String tokenSha256,
        String body) {

    public static final int FORMAT_VERSION = 1;

    // Also the parser's limit below: a longer ts could be written but never read back.
    private static final int MAX_NUMBER_CHARS = 64;
    private static final Pattern JSON_NUMBER =
            Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .build())
            .build();

    /**
     * @throws IllegalArgumentException if a field is missing, {@code timestamp} is not a JSON
     *     number, {@code pipelineId} is negative, or a text holds an unpaired surrogate
     */
    public SpoolRecord {
        requireText("id", requestId);
        requireText("key", key);
        requireText("token_sha256", tokenSha256);
        requireText("body", body);
        if (timestamp == null || timestamp.length() > MAX_NUMBER_CHARS
                || !JSON_NUMBER.matcher(timestamp).matches()) {
            throw new IllegalArgumentException("ts is not a JSON number: " + timestamp);
        }
        if (pipelineId < 0) {
            throw new IllegalArgumentException("pipeline_id is negative: " + pipelineId);
        }
    }

    /** The body's exact UTF-8 bytes, as received. */
    public byte[] bodyUtf8() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The record as one UTF-8 JSON line, ending in {@code \n}. */
    public byte[] toLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() + 256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", FORMAT_VERSION);
            json.writeStringField("id", requestId);
            json.writeFieldName("ts");
            // Raw digits, checked by the constructor: never through a double.
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
        try (JsonParser parser = JSON.createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("spool line is not a JSON object");
            }
            Fields fields = new Fields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                fields.read(name, parser.nextToken(), parser);
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("spool line has trailing content");
            }
            return fields.toRecord();
        } catch (IOException malformed) {
            throw new IllegalArgumentException("spool line is not valid JSON: "
                    + malformed.getMessage(), malformed);
        }
    }

    public static SpoolRecord fromLine(byte[] line) {
        return fromLine(line, 0, line.length);
    }

    private static void requireText(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException("spool record misses " + field);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field
                        + " holds an unpaired surrogate at char " + i + "; it is not UTF-8 text");
            }
        }
    }

    /** The fields of one line as the parser meets them, each checked for its JSON type. */
    private static final class Fields {
        private Long version;
        private String id;
        private String timestamp;
        private Long pipelineId;
        private String key;
        private String tokenSha256;
        private String body;

        void read(String name, JsonToken value, JsonParser parser) throws IOException {
            switch (name) {
                case "v" -> version = integer(name, value, parser);
                case "id" -> id = string(name, value, parser);
                case "ts" -> timestamp = number(value, parser);
                case "pipeline_id" -> pipelineId = integer(name, value, parser);
                case "key" -> key = string(name, value, parser);
                case "token_sha256" -> tokenSha256 = string(name, value, parser);
                case "body" -> body = string(name, value, parser);
                default -> parser.skipChildren();
            }
        }

        SpoolRecord toRecord() {
            if (version == null || version.longValue() != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported spool line version " + version);
            }
            if (pipelineId == null || timestamp == null) {
                throw new IllegalArgumentException("spool line misses pipeline_id or ts");
            }
            return new SpoolRecord(id, timestamp, pipelineId, key, tokenSha256, body);
        }

        private static String string(String name, JsonToken value, JsonParser parser)
                throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("spool line " + name + " is not a string");
            }
            return parser.getText();
        }

        private static long integer(String name, JsonToken value, JsonParser parser)
                throws IOException {
            if (value != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("spool line " + name + " is not an integer");
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new IllegalArgumentException("spool line " + name + " is out of range");
            }
            return parser.getLongValue();
        }

        private static String number(JsonToken value, JsonParser parser) throws IOException {
            if (value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_NUMBER_INT) {
                throw new IllegalArgumentException("spool line ts is not a number");
            }
            return parser.getText();
        }
    }
}
