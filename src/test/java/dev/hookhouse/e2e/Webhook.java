package dev.hookhouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sender posting one webhook over real HTTP, and what it was answered. */
final class Webhook {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The timestamp exactly as its digits appear in the answer, never through a double. */
    private static final Pattern TIMESTAMP_DIGITS =
            Pattern.compile("\"__kdd_request_unix_timestamp\":\\s*([0-9]+\\.[0-9]+)");

    /**
     * An answer from the endpoint.
     *
     * @param status the HTTP status
     * @param body the answer's text
     */
    record Answer(int status, String body) {

        String requestId() throws IOException {
            return json().path("data").path("__kdd_request_id").asText();
        }

        String timestampDigits() {
            Matcher digits = TIMESTAMP_DIGITS.matcher(body);
            if (!digits.find()) {
                throw new AssertionError("no timestamp in the answer: " + body);
            }
            return digits.group(1);
        }

        /** The error code of a refusal, e.g. {@code NO_BODY_PROVIDED}. */
        String error() throws IOException {
            return json().path("error").asText();
        }

        boolean success() throws IOException {
            return json().path("success").asBoolean(false);
        }

        private JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private Webhook() {
    }

    /** The URL senders are given: the endpoint with pipeline, key and token. */
    static URI url(int port, long pipelineId, String key, String token) {
        return URI.create("http://127.0.0.1:" + port + "/?pipeline_id=" + pipelineId + "&key="
                + key + "&token=" + token);
    }

    static Answer post(URI url, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);

        HttpResponse<String> response = CLIENT.send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    static Answer postJson(URI url, String body) throws IOException, InterruptedException {
        return post(url, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }
}
