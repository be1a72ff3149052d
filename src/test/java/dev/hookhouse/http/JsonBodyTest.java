package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    @ParameterizedTest
    @ValueSource(strings = {"null", "true", "0", "-0.5e-3", "\"text\"", "[]", "{}",
        "[1,2,3]\r\n", "  {\"a\":{\"b\":[null,false]}}  ",
        "18446744073709551615", "3.5700838565826416", "{\"s\":\"\\ud83d\"}",
        "{\"s\":\"\\udc00 x\"}", "{\"s\":\"\\u0000\"}", "{\"a\":1,\"a\":2}",
        "{\"url\":\"https:\\/\\/x\"}"})
    void oneJsonValueIsAccepted(String body) {
        assertTrue(JsonBody.isSingleJsonValue(body), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":1", "[1,]", "{\"a\":1,}", "1 2", "{} {}", "{}x",
        "'a'", "{a:1}", "NaN", "01", "1.", ".5", "+1", "\"\\x\"", "\"tab\there\"",
        "// c\n{}", "{\"a\":\"\\u12\"}", "[\"unterminated]", "tru"})
    void anythingButOneValidValueIsRefused(String body) {
        assertFalse(JsonBody.isSingleJsonValue(body), body);
    }

    @Test
    void bigNumbersAreReturnedWithEveryDigit() throws RequestRejected {
        String body = "{\"n\":9223372036854775808,\"f\":0.1000000000000000055511151231257827}";

        assertEquals(body, JsonBody.requireJson(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void numberLongerThanJacksonsDefaultLimitIsStillJson() {
        assertTrue(JsonBody.isSingleJsonValue("[" + "9".repeat(5000) + "]"));
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[][] bodies = {
            {'"', (byte) 0xC3, (byte) 0x28, '"'},
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
            {'"', (byte) 0xC0, (byte) 0xAF, '"'},
            {'"', (byte) 0xFF, '"'},
        };
        for (byte[] body : bodies) {
            RequestRejected rejected = assertThrows(RequestRejected.class,
                    () -> JsonBody.requireJson(body));
            assertEquals(IngestError.INVALID_BODY, rejected.error());
        }
    }

    @Test
    void byteOrderMarkIsRefused() {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

        assertThrows(RequestRejected.class, () -> JsonBody.requireJson(withBom));
    }

    @Test
    void nestingIsLimited() {
        int depth = JsonBody.MAX_NESTING_DEPTH;

        assertTrue(JsonBody.isSingleJsonValue("[".repeat(depth) + "]".repeat(depth)));
        assertFalse(JsonBody.isSingleJsonValue("[".repeat(depth + 1) + "]".repeat(depth + 1)));
    }
}
