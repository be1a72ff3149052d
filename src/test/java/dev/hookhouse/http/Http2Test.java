package dev.hookhouse.http;

import static dev.hookhouse.http.Http.errorBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookhouse.spool.SpoolRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vert.x also speaks HTTP/2 over plain TCP (h2c). Refusals must not use HTTP/1.1's
 * {@code Connection: close} there, which is a protocol error that kills the answer; the
 * connection is shared, so only the request's stream ends.
 */
class Http2Test {

    @TempDir
    Path spoolDir;

    private RunningServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptedAndRefusedRequestsShareOneHttp2Connection() throws Exception {
        server = RunningServer.start(spoolDir, Map.of("hookhouse.http.max-body-bytes", "1024"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest upgrade = HttpRequest.newBuilder(server.uri("/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(HttpClient.Version.HTTP_2,
                client.send(upgrade, HttpResponse.BodyHandlers.ofString()).version());

        HttpResponse<String> missing = post(client, server.uri("/?pipeline_id=1"), "[1]");
        HttpResponse<String> tooLarge = post(client, server.ingestUri(),
                "[" + "1,".repeat(2000) + "1]");
        HttpResponse<String> notFound = post(client, server.uri("/x?"
                + RunningServer.VALID_QUERY), "[1]");
        HttpResponse<String> accepted = post(client, server.ingestUri(), "{\"h2\":true}");
        List<SpoolRecord> records = server.closeAndReadRecords();

        assertEquals(400, missing.statusCode());
        assertEquals(errorBody("MISSING_PARAMETER: key"), missing.body());
        assertEquals(HttpClient.Version.HTTP_2, missing.version());
        assertEquals(413, tooLarge.statusCode());
        assertEquals(404, notFound.statusCode());
        assertEquals(200, accepted.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, accepted.version());
        assertEquals(1, records.size());
        assertEquals("{\"h2\":true}", records.get(0).body());
    }
}
