package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestResponseTest {

    @Test
    void acceptedCarriesIdAndTimestampDigits() {
        IngestResponse response = IngestResponse.accepted(
                new RequestStamp("qwertyuiopasdfghjklz", "1577015690.3118637"));

        assertEquals(200, response.status());
        assertEquals("{\"success\": true, \"data\": {\"__kdd_request_id\": "
                + "\"qwertyuiopasdfghjklz\", \"__kdd_request_unix_timestamp\": "
                + "1577015690.3118637}}", response.bodyText());
        assertEquals(Map.of(), response.headers());
    }

    @Test
    void rejectionNamesTheParameter() {
        IngestResponse response = IngestResponse.rejected(
                RequestRejected.becauseOf(IngestError.MISSING_PARAMETER, "key"), 5);

        assertEquals(400, response.status());
        assertEquals("{\"success\": false, \"error\": \"MISSING_PARAMETER: key\"}",
                response.bodyText());
    }

    @Test
    void spoolUnavailableSaysWhenToRetry() {
        IngestResponse response = IngestResponse.rejected(
                RequestRejected.because(IngestError.SPOOL_UNAVAILABLE), 7);

        assertEquals(503, response.status());
        assertEquals(Map.of("Retry-After", "7"), response.headers());
        assertEquals("{\"success\": false, \"error\": \"SPOOL_UNAVAILABLE\"}",
                response.bodyText());
    }

    @Test
    void methodNotAllowedListsTheAllowedOnes() {
        IngestResponse response = IngestResponse.rejected(
                RequestRejected.because(IngestError.METHOD_NOT_ALLOWED), 5);

        assertEquals(405, response.status());
        assertEquals(Map.of("Allow", "POST, HEAD"), response.headers());
    }

    @Test
    void everyErrorHasItsStatus() {
        assertEquals(404, IngestError.NOT_FOUND.httpStatus());
        assertEquals(408, IngestError.BODY_TIMEOUT.httpStatus());
        assertEquals(413, IngestError.BODY_TOO_LARGE.httpStatus());
        assertEquals(415, IngestError.UNSUPPORTED_MEDIA_TYPE.httpStatus());
        assertEquals(415, IngestError.UNSUPPORTED_CONTENT_ENCODING.httpStatus());
        assertEquals(500, IngestError.INTERNAL_ERROR.httpStatus());
    }

    @Test
    void headProbeHasNoBody() {
        IngestResponse response = IngestResponse.probeAnswered();

        assertEquals(200, response.status());
        assertEquals(0, response.body().length);
    }
}
