package dev.hookhouse.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** java.net.http over HTTP/1.1, the way most senders talk to us. */
final class Http {

    static final String JSON = "application/json";
    static final String FORM_UTF8 = "application/x-www-form-urlencoded; charset=utf-8";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    /** POSTs {@code body}; {@code headers} are name, value pairs. */
    static HttpResponse<String> post(URI uri, byte[] body, String... headers)
            throws IOException, InterruptedException {
        return send(uri, "POST", body, headers);
    }

    static HttpResponse<String> post(URI uri, String body, String... headers)
            throws IOException, InterruptedException {
        return post(uri, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static HttpResponse<String> send(URI uri, String method, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String errorBody(String code) {
        return "{\"success\": false, \"error\": \"" + code + "\"}";
    }
}
