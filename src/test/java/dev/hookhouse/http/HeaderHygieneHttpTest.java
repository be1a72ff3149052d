package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No query parameter and no request header comes back as a response header, and none can set
 * the status or the content type. Each case sends the credentials, a forged Camel header and
 * header-like query parameters, and checks the answer holds only headers Hookhouse sets.
 */
class HeaderHygieneHttpTest {

    private static final Set<String> OUR_HEADERS = Set.of("content-length", "content-type",
            "connection", "allow", "retry-after");

    private static final String FORGED_PARAMETERS = "&Location=http%3A%2F%2Fevil.example"
            + "&Set-Cookie=stolen%3D1&CamelHttpResponseCode=302&Content-Type=text%2Fhtml"
            + "&X-Echo=param-marker&Retry-After=999";

    private static final String[] FORGED_HEADERS = {
        "CamelHttpResponseCode: 201",
        "CamelHttpResponseText: forged",
        "Camel-Http-Response-Code: 202",
        "X-Echo: header-marker",
        "X-Token: " + RunningServer.TOKEN,
        "Retry-After: 999",
        "Allow: TRACE",
        "Location: http://evil.example",
        "Cookie: session=secret",
        "Authorization: Basic dXNlcjpwYXNz",
        "Accept: text/html",
    };

    @TempDir
    static Path spoolDir;

    private static RunningServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RunningServer.start(spoolDir, Map.of("hookhouse.http.max-body-bytes", "1024"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "POST|/?" + RunningServer.VALID_QUERY + "|application/json|200|[1]",
        "POST|/?pipeline_id=1&token=" + RunningServer.TOKEN + "|application/json|400|[1]",
        "POST|/?" + RunningServer.VALID_QUERY + "|application/json|400|[1",
        "POST|/nowhere?" + RunningServer.VALID_QUERY + "|application/json|404|[1]",
        "GET|/?" + RunningServer.VALID_QUERY + "|application/json|405|",
        "POST|/?" + RunningServer.VALID_QUERY + "|text/html|415|[1]",
        "POST|/?" + RunningServer.VALID_QUERY + "|application/json|413|BIG",
        "HEAD|/?" + RunningServer.VALID_QUERY + "|application/json|200|",
    })
    void answerCarriesOnlyHeadersHookhouseSets(String method, String target, String type,
            int status, String body) throws Exception {
        String payload = body == null ? "" : body.equals("BIG") ? "[" + "1,".repeat(600) + "1]"
                : body;

        RawHttp.Response response = exchange(method, target + FORGED_PARAMETERS, type, payload);

        assertEquals(status, response.status());
        assertEquals(IngestResponse.CONTENT_TYPE, response.header("Content-Type"));
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            assertTrue(OUR_HEADERS.contains(header.getKey()), "echoed: " + header);
            assertNoLeak(header.getKey() + ": " + header.getValue());
        }
        assertNoLeak(response.body());
    }

    private static void assertNoLeak(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String secret : new String[] {RunningServer.TOKEN, RunningServer.KEY,
            RunningServer.PIPELINE_ID, "marker", "evil", "stolen", "secret", "999", "trace",
            "forged", "dxnlcjpwyxnz"}) {
            assertFalse(lower.contains(secret.toLowerCase(Locale.ROOT)), "leaked in: " + text);
        }
    }

    private static RawHttp.Response exchange(String method, String target, String type,
            String body) throws Exception {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        head.append("Host: test\r\nContent-Type: ").append(type).append("\r\n");
        for (String forged : FORGED_HEADERS) {
            head.append(forged).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length()).append("\r\n\r\n");

        try (RawHttp http = new RawHttp(server.port())) {
            http.send(head + body);
            return method.equals("HEAD") ? headOnly(http) : http.readResponse();
        }
    }

    /** A HEAD answer has a Content-Length but no body bytes. */
    private static RawHttp.Response headOnly(RawHttp http) throws Exception {
        RawHttp.Response response = http.readResponse();
        return new RawHttp.Response(response.status(), response.headers(), "");
    }
}
