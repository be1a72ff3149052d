package dev.hookhouse.http;

import static dev.hookhouse.http.Http.FORM_UTF8;
import static dev.hookhouse.http.Http.JSON;
import static dev.hookhouse.http.Http.errorBody;
import static dev.hookhouse.http.RunningServer.KEY;
import static dev.hookhouse.http.RunningServer.PIPELINE_ID;
import static dev.hookhouse.http.RunningServer.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every answer of the contract over real HTTP, against one server. Refused requests must store
 * nothing: the spool's count of durable records is compared before and after each of them.
 */
class IngestContractHttpTest {

    @TempDir
    static Path spoolDir;

    private static RunningServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(spoolDir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static long storedRecords() {
        return server.server().spool().stats().records();
    }

    /** POSTs and asserts the status and exact body, and that nothing was stored. */
    private static void assertRefused(int status, String code, String pathAndQuery, String body,
            String... headers) throws Exception {
        long before = storedRecords();

        HttpResponse<String> response = Http.post(server.uri(pathAndQuery), body, headers);

        assertEquals(status, response.statusCode(), response.body());
        assertEquals(errorBody(code), response.body());
        assertEquals(JSON, response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(before, storedRecords(), "a refused request was stored");
    }

    /** java.net.URI refuses a broken escape, so such a request goes over a raw socket. */
    private static RawHttp.Response rawPost(String pathAndQuery, String body) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.send(RawHttp.postHead(pathAndQuery, "Content-Type: application/json",
                    "Content-Length: " + body.length()) + body);
            return http.readResponse();
        }
    }

    private static void assertBadRequest(String code, String query) throws Exception {
        assertRefused(400, code, "/?" + query, "{\"ok\":true}", "Content-Type", JSON);
    }

    @Test
    void acceptedRequestGetsAnIdAndTheTimestampAfterItIsStored() throws Exception {
        long before = storedRecords();

        HttpResponse<String> response = Http.post(server.ingestUri(), "{\"ok\":true}",
                "Content-Type", JSON);

        assertEquals(200, response.statusCode());
        assertEquals(JSON, response.headers().firstValue("Content-Type").orElse(null));
        JsonNode answer = new ObjectMapper().readTree(response.body());
        assertEquals(true, answer.get("success").asBoolean());
        assertTrue(answer.get("data").get("__kdd_request_id").asText().matches("[a-z]{20}"));
        assertTrue(response.body().endsWith("\"__kdd_request_unix_timestamp\": "
                + RunningServer.FIXED_TIMESTAMP + "}}"), response.body());
        assertEquals(before + 1, storedRecords());
    }

    @Test
    void otherQueryParametersAreIgnored() throws Exception {
        HttpResponse<String> response = Http.post(server.uri("/?utm_source=x&pipeline_id="
                + PIPELINE_ID + "&sig=a%2Bb&key=" + KEY + "&token=" + TOKEN + "&x"), "[]");

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void brokenEscapeInAnotherParameterIsIgnoredToo() throws Exception {
        long before = storedRecords();

        RawHttp.Response response = rawPost("/?" + RunningServer.VALID_QUERY + "&x=%zz&y=%",
                "[]");

        assertEquals(200, response.status(), response.body());
        assertEquals(before + 1, storedRecords());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pipeline_id=%zz&key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=1&key=%4&token=" + TOKEN + "|key",
        "pipeline_id=1&key=" + KEY + "&token=%|token",
        "pipeline_id=1&key=" + KEY + "&token=" + TOKEN + "%G0|token",
    })
    void brokenEscapeInOurParameterIsInvalidAndAnsweredAsJson(String query, String name)
            throws Exception {
        long before = storedRecords();

        RawHttp.Response response = rawPost("/?" + query, "[]");

        assertEquals(400, response.status());
        assertEquals(errorBody("INVALID_PARAMETER: " + name), response.body());
        assertEquals(JSON, response.header("Content-Type"));
        assertEquals(before, storedRecords());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "utm_source=github", "Token=" + TOKEN})
    void noParametersProvided(String query) throws Exception {
        assertBadRequest("NO_PARAMETERS_PROVIDED", query);
    }

    @Test
    void noQueryStringAtAllIsNoParametersProvided() throws Exception {
        assertRefused(400, "NO_PARAMETERS_PROVIDED", "/", "{}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=&key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=" + PIPELINE_ID + "&token=" + TOKEN + "|key",
        "pipeline_id=" + PIPELINE_ID + "&key=&token=" + TOKEN + "|key",
        "pipeline_id=" + PIPELINE_ID + "&key=" + KEY + "|token",
        "pipeline_id=" + PIPELINE_ID + "&key=" + KEY + "&token=|token",
    })
    void missingParameter(String query, String name) throws Exception {
        assertBadRequest("MISSING_PARAMETER: " + name, query);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pipeline_id=0&key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=12a&key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=1234567890123456789&key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=1&pipeline_id=2&key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=1&key=not-a-uuid&token=" + TOKEN + "|key",
        "pipeline_id=1&key=" + TOKEN + "&token=" + KEY + "|key",
        "pipeline_id=1&key=" + KEY + "&key=" + KEY + "&token=" + TOKEN + "|key",
        "pipeline_id=1&key=" + KEY + "&token=" + KEY + "|token",
        "pipeline_id=1&key=" + KEY + "&token=short|token",
        "pipeline_id=1&key=" + KEY + "&token=" + TOKEN + "%21|token",
        "pipeline_id=1&key=" + KEY + "&token=" + TOKEN + "&token=" + TOKEN + "|token",
    })
    void invalidParameter(String query, String name) throws Exception {
        assertBadRequest("INVALID_PARAMETER: " + name, query);
    }

    @Test
    void parametersAreCheckedBeforeTheBody() throws Exception {
        assertRefused(400, "MISSING_PARAMETER: token", "/?pipeline_id=1&key=" + KEY, "",
                "Content-Type", "text/html", "Content-Encoding", "br");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r\n", "   \t\n"})
    void emptyOrWhitespaceBodyIsNoBodyProvided(String body) throws Exception {
        assertRefused(400, "NO_BODY_PROVIDED", "/?" + RunningServer.VALID_QUERY, body,
                "Content-Type", JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "{\"a\":1}{\"b\":2}", "1 2", "hello", "{'a':1}",
        "[1,]", "\"\\q\""})
    void bodyThatIsNotOneJsonValueIsInvalid(String body) throws Exception {
        assertRefused(400, "INVALID_BODY", "/?" + RunningServer.VALID_QUERY, body,
                "Content-Type", JSON);
    }

    @Test
    void bodyThatIsNotUtf8IsInvalid() throws Exception {
        long before = storedRecords();
        byte[] latin1 = {'"', 'c', 'a', 'f', (byte) 0xE9, '"'};

        HttpResponse<String> response = Http.post(server.ingestUri(), latin1,
                "Content-Type", "application/json; charset=iso-8859-1");

        assertEquals(400, response.statusCode());
        assertEquals(errorBody("INVALID_BODY"), response.body());
        assertEquals(before, storedRecords());
    }

    @Test
    void formWithBrokenEscapeIsInvalidBody() throws Exception {
        assertRefused(400, "INVALID_BODY", "/?" + RunningServer.VALID_QUERY, "a=%zz",
                "Content-Type", FORM_UTF8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/xml", "multipart/form-data; boundary=b",
        "application/octet-stream"})
    void unsupportedMediaType(String contentType) throws Exception {
        assertRefused(415, "UNSUPPORTED_MEDIA_TYPE", "/?" + RunningServer.VALID_QUERY, "{}",
                "Content-Type", contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"br", "zstd", "gzip, deflate"})
    void unsupportedContentEncoding(String encoding) throws Exception {
        assertRefused(415, "UNSUPPORTED_CONTENT_ENCODING", "/?" + RunningServer.VALID_QUERY,
                "{}", "Content-Type", JSON, "Content-Encoding", encoding);
    }

    @Test
    void corruptGzipIsInvalidBody() throws Exception {
        assertRefused(400, "INVALID_BODY", "/?" + RunningServer.VALID_QUERY, "{\"not\":\"gz\"}",
                "Content-Type", JSON, "Content-Encoding", "gzip");
    }

    @Test
    void jsonAsPlainTextIsAccepted() throws Exception {
        HttpResponse<String> response = Http.post(server.ingestUri(),
                "{\"Type\":\"Notification\"}", "Content-Type", "text/plain; charset=UTF-8");

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void headProbeAnswers200AndStoresNothing() throws Exception {
        long before = storedRecords();

        HttpResponse<String> withQuery = Http.send(server.ingestUri(), "HEAD", null);
        HttpResponse<String> bare = Http.send(server.uri("/"), "HEAD", null);

        assertEquals(200, withQuery.statusCode());
        assertEquals(200, bare.statusCode());
        assertEquals("", withQuery.body());
        assertEquals(before, storedRecords());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsAreNotAllowed(String method) throws Exception {
        long before = storedRecords();

        HttpResponse<String> response = Http.send(server.ingestUri(), method,
                "{}".getBytes());

        assertEquals(405, response.statusCode());
        assertEquals(errorBody("METHOD_NOT_ALLOWED"), response.body());
        assertEquals("POST, HEAD", response.headers().firstValue("Allow").orElse(null));
        assertEquals(before, storedRecords());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webhook", "/favicon.ico", "/index.html", "//", "/%2F", "/a/b"})
    void otherPathsAreNotFound(String path) throws Exception {
        assertRefused(404, "NOT_FOUND", path + "?" + RunningServer.VALID_QUERY, "{}");
    }

    @Test
    void getOnAnUnknownPathIsNotFoundToo() throws Exception {
        HttpResponse<String> response = Http.send(server.uri("/robots.txt"), "GET", null);

        assertEquals(404, response.statusCode());
        assertEquals(errorBody("NOT_FOUND"), response.body());
    }
}
