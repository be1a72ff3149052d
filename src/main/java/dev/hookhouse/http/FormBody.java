package dev.hookhouse.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@code application/x-www-form-urlencoded} body into the JSON object that is stored:
 * one string member per field, in the order fields first appear; a field given more than once
 * becomes an array of its values, in order. {@code a=1&b=x+y&a=%2B} gives
 * {@code {"a":["1","+"],"b":"x y"}}.
 *
 * <p>A field without {@code =} has the empty string as its value. A body whose escapes do not
 * decode, or decode to bytes that are not UTF-8, is INVALID_BODY.
 */
final class FormBody {

    private static final JsonFactory JSON = new JsonFactory();

    private FormBody() {
    }

    static String toJson(byte[] body) throws RequestRejected {
        Map<String, List<String>> fields = parse(body);

        StringWriter out = new StringWriter(body.length + 16);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                writeField(json, field.getKey(), field.getValue());
            }
            json.writeEndObject();
        } catch (IOException cannotHappenInMemory) {
            throw new UncheckedIOException(cannotHappenInMemory);
        }
        return out.toString();
    }

    private static Map<String, List<String>> parse(byte[] body) throws RequestRejected {
        // ISO-8859-1 maps each byte to one char, so the decoder sees the bytes as sent.
        String encoded = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, List<String>> fields = new LinkedHashMap<>();

        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.computeIfAbsent(name, absent -> new ArrayList<>(1)).add(value);
        }
        return fields;
    }

    private static String decode(String encoded) throws RequestRejected {
        String decoded = PercentDecoding.decodeOrNull(encoded);
        if (decoded == null) {
            throw RequestRejected.because(IngestError.INVALID_BODY);
        }
        return decoded;
    }

    private static void writeField(JsonGenerator json, String name, List<String> values)
            throws IOException {
        json.writeFieldName(name);
        if (values.size() == 1) {
            json.writeString(values.get(0));
            return;
        }
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
