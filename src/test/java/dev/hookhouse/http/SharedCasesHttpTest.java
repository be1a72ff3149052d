package dev.hookhouse.http;

import static dev.hookhouse.http.Http.JSON;
import static dev.hookhouse.http.Http.errorBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookhouse.spool.SpoolRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every file of {@code shared/cases} posted as its README says, with the answer it expects;
 * "stored" is checked in the sealed spool segments once the server has closed.
 */
class SharedCasesHttpTest {

    @TempDir
    Path spoolDir;

    /** Posts one case file and returns the answer; the server is closed afterwards. */
    private Posted post(String file, String contentType, String... extraHeaders)
            throws Exception {
        byte[] body = SharedCases.read(file);
        String[] headers = new String[extraHeaders.length + 2];
        headers[0] = "Content-Type";
        headers[1] = contentType;
        System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);

        try (RunningServer server = RunningServer.start(spoolDir)) {
            HttpResponse<String> response = Http.post(server.ingestUri(), body, headers);
            return new Posted(body, response, server.closeAndReadRecords());
        }
    }

    private record Posted(byte[] sent, HttpResponse<String> response, List<SpoolRecord> stored) {

        SpoolRecord onlyRecord() throws IOException {
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(1, stored.size());
            SpoolRecord record = stored.get(0);
            JsonNode answer = new ObjectMapper().readTree(response.body());
            assertEquals(answer.get("data").get("__kdd_request_id").asText(),
                    record.requestId());
            assertEquals(RunningServer.FIXED_TIMESTAMP, record.timestamp());
            return record;
        }

        byte[] storedBodyBytes() throws IOException {
            return onlyRecord().body().getBytes(StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "A01_github_push_new_branch.json",
        "A02_github_pull_request_opened_null_body.json",
        "A05_github_dependabot_alert_emoji.json",
        "A07_slack_url_verification.json",
        "A14_shopify_orders_create_bigint_escaped_slashes.json",
        "A15_stripe_charge_event.json",
        "B01_nul_escape.json",
        "B04_lone_surrogates.json",
        "B06_big_numbers.json",
        "B14_json_null.json",
    })
    void jsonCaseIsStoredByteExact(String file) throws Exception {
        Posted posted = post(file, JSON);

        assertArrayEquals(posted.sent(), posted.storedBodyBytes());
    }

    @Test
    void sendgridArrayWithTrailingCrlfIsStoredByteExact() throws Exception {
        Posted posted = post("A11_sendgrid_event_single_crlf.json",
                "application/json;charset=utf-8");

        byte[] stored = posted.storedBodyBytes();
        assertArrayEquals(posted.sent(), stored);
        assertEquals('\n', stored[stored.length - 1]);
        assertEquals('\r', stored[stored.length - 2]);
    }

    @Test
    void twilioFormIsStoredAsAJsonObjectOfItsFields() throws Exception {
        Posted posted = post("A10_twilio_inbound_sms.form", Http.FORM_UTF8);

        JsonNode stored = new ObjectMapper().readTree(posted.onlyRecord().body());
        assertEquals(expectedFormObject(posted.sent()), stored);
        assertEquals("hi there, 2+3=4", stored.get("Body").asText());
        assertEquals("+15005550009", stored.get("From").asText());
        assertEquals("ToCountry", stored.fieldNames().next());
    }

    /** The same object built with the JDK's decoder, field order kept. */
    private static ObjectNode expectedFormObject(byte[] form) {
        ObjectNode expected = JsonNodeFactory.instance.objectNode();
        for (String pair : new String(form, StandardCharsets.US_ASCII).split("&")) {
            String[] nameValue = pair.split("=", 2);
            expected.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        return expected;
    }

    @Test
    void gzippedGithubPushIsStoredDecompressed() throws Exception {
        Posted posted = post("B13_github_push.json.gz", JSON, "Content-Encoding", "gzip");

        byte[] expected;
        try (GZIPInputStream gunzip = new GZIPInputStream(
                new ByteArrayInputStream(posted.sent()))) {
            expected = gunzip.readAllBytes();
        }
        assertArrayEquals(expected, posted.storedBodyBytes());
        assertTrue(new String(expected, StandardCharsets.UTF_8).contains("\"ref\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"B14_empty_body.bin", "B14_whitespace_body.bin"})
    void emptyOrWhitespaceCaseIsNoBodyProvided(String file) throws Exception {
        Posted posted = post(file, JSON);

        assertEquals(400, posted.response().statusCode());
        assertEquals(errorBody("NO_BODY_PROVIDED"), posted.response().body());
        assertEquals(List.of(), posted.stored());
    }

    @Test
    void truncatedJsonIsInvalidBodyAndNothingIsStored() throws Exception {
        Posted posted = post("B22_truncated_json.json", JSON);

        assertEquals(400, posted.response().statusCode());
        assertEquals(errorBody("INVALID_BODY"), posted.response().body());
        assertEquals(List.of(), posted.stored());
    }
}
