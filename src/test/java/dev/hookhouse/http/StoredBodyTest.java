package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredBodyTest {

    private static final long LIMIT = 64 * 1024;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static IngestError errorFor(byte[] wire, ContentEncoding encoding,
            BodyFormat format) {
        return assertThrows(RequestRejected.class,
                () -> StoredBody.from(wire, encoding, format, LIMIT)).error();
    }

    @Test
    void jsonIsStoredAsTheExactText() throws RequestRejected {
        String body = " [ {\"a\" : 1.50} ]\r\n";

        assertEquals(body, StoredBody.from(utf8(body), ContentEncoding.IDENTITY,
                BodyFormat.JSON, LIMIT));
    }

    @Test
    void emptyOrWhitespaceIsNoBodyProvided() {
        for (String body : new String[] {"", "\r\n", " \t\n "}) {
            assertEquals(IngestError.NO_BODY_PROVIDED,
                    errorFor(utf8(body), ContentEncoding.IDENTITY, BodyFormat.JSON));
            assertEquals(IngestError.NO_BODY_PROVIDED,
                    errorFor(utf8(body), ContentEncoding.IDENTITY, BodyFormat.FORM));
        }
    }

    @Test
    void emptyCompressedBodyIsNoBodyProvided() {
        assertEquals(IngestError.NO_BODY_PROVIDED,
                errorFor(new byte[0], ContentEncoding.GZIP, BodyFormat.JSON));
        assertEquals(IngestError.NO_BODY_PROVIDED, errorFor(Compression.gzip(utf8("\n")),
                ContentEncoding.GZIP, BodyFormat.JSON));
    }

    @Test
    void nonJsonIsInvalidBody() {
        assertEquals(IngestError.INVALID_BODY,
                errorFor(utf8("{\"a\":"), ContentEncoding.IDENTITY, BodyFormat.JSON));
        assertEquals(IngestError.INVALID_BODY,
                errorFor(utf8("a=1"), ContentEncoding.IDENTITY, BodyFormat.JSON));
    }

    @Test
    void compressedJsonIsStoredDecoded() throws RequestRejected {
        String body = "{\"compressed\":true}";

        assertEquals(body, StoredBody.from(Compression.gzip(utf8(body)), ContentEncoding.GZIP,
                BodyFormat.JSON, LIMIT));
    }

    @Test
    void formBecomesAJsonObject() throws RequestRejected {
        assertEquals("{\"a\":\"1\"}", StoredBody.from(utf8("a=1"), ContentEncoding.IDENTITY,
                BodyFormat.FORM, LIMIT));
    }

    @Test
    void jsonSentAsAFormIsStoredAsJson() throws RequestRejected {
        String body = "  {\"sent_with\":\"curl -d\"}";

        assertEquals(body, StoredBody.from(utf8(body), ContentEncoding.IDENTITY,
                BodyFormat.FORM, LIMIT));
        assertEquals(IngestError.INVALID_BODY,
                errorFor(utf8("{\"a\":"), ContentEncoding.IDENTITY, BodyFormat.FORM));
    }
}
