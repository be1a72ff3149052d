package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "application/json", "Application/JSON",
        "application/json;charset=utf-8", "application/json; charset=UTF-8",
        "application/json ; charset = \"utf-8\"", "application/json; charset=iso-8859-1",
        "application/vnd.github+json", "application/cloudevents+json; charset=utf-8",
        "text/json", "text/plain; charset=UTF-8"})
    void jsonFamilyAndPlainTextAreReadAsJson(String contentType) throws RequestRejected {
        assertEquals(BodyFormat.JSON, BodyFormat.of(List.of(contentType)));
    }

    @Test
    void missingContentTypeIsJson() throws RequestRejected {
        assertEquals(BodyFormat.JSON, BodyFormat.of(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-8",
        "Application/X-WWW-Form-Urlencoded;charset=UTF-8",
        "application/x-www-form-urlencoded; charset=\"utf-8\"",
        "application/x-www-form-urlencoded; charset=us-ascii"})
    void formWithUtf8CompatibleCharsetIsAForm(String contentType) throws RequestRejected {
        assertEquals(BodyFormat.FORM, BodyFormat.of(List.of(contentType)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=x", "application/xml", "text/xml",
        "application/octet-stream", "text/html", "*/*", "json", "application/x-ndjson",
        "application/x-www-form-urlencoded; charset=iso-8859-1"})
    void otherMediaTypesAreUnsupported(String contentType) {
        RequestRejected rejected = assertThrows(RequestRejected.class,
                () -> BodyFormat.of(List.of(contentType)));

        assertEquals(IngestError.UNSUPPORTED_MEDIA_TYPE, rejected.error());
    }

    @Test
    void twoContentTypeHeadersAreUnsupported() {
        assertThrows(RequestRejected.class,
                () -> BodyFormat.of(List.of("application/json", "application/json")));
    }
}
