package dev.hookhouse.e2e;

import dev.hookhouse.http.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One request exactly as it goes on the wire, over a socket of its own: java.net.http refuses
 * to send a broken escape such as {@code %zz} in the query, and frames a body its own way.
 *
 * @param method the request method, {@code POST} for everything a sender would send
 * @param target the path and raw query, sent byte for byte (ISO-8859-1, one char per byte)
 * @param headerLines {@code Name: value} lines about the body; the framing is added on sending
 * @param body the bytes on the wire, compressed if a Content-Encoding line says so
 * @param chunked sent with {@code Transfer-Encoding: chunked} instead of Content-Length
 */
record RawRequest(String method, String target, List<String> headerLines, byte[] body,
        boolean chunked) {

    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int LARGEST_CHUNK_BYTES = 16 * 1024;

    static RawRequest post(String target, byte[] body, String... headerLines) {
        return new RawRequest("POST", target, List.of(headerLines), body, false);
    }

    RawRequest inChunks() {
        return new RawRequest(method, target, headerLines, body, true);
    }

    RawRequest to(String method, String otherTarget) {
        return new RawRequest(method, otherTarget, headerLines, body, chunked);
    }

    /**
     * Sends the request with java.net.http, as most senders would, when that client can say
     * it exactly: a POST with a Content-Length and a query it accepts. Otherwise over a socket.
     */
    Webhook.Answer sendLikeASender(int port) throws IOException, InterruptedException {
        URI uri = chunked || !method.equals("POST") ? null : uriOrNull(port);
        if (uri == null) {
            return send(port);
        }

        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return Webhook.post(uri, body, headers);
    }

    /** java.net.URI refuses a broken escape such as {@code %zz}; null then. */
    private URI uriOrNull(int port) {
        try {
            return new URI("http://127.0.0.1:" + port + target);
        } catch (URISyntaxException refused) {
            return null;
        }
    }

    /**
     * Sends the request over a socket and reads the answer. An answer may come before the body
     * was all sent (a refusal on the parameters or the declared length); the server then reads
     * the rest and drops it, so a write that fails is not the end: the answer is read anyway.
     */
    Webhook.Answer send(int port) throws IOException {
        List<String> lines = new ArrayList<>(headerLines);
        lines.add("Connection: close");
        lines.add(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length);

        try (RawHttp http = new RawHttp(port, READ_TIMEOUT_MILLIS)) {
            http.send(RawHttp.head(method, target, lines.toArray(String[]::new)));
            IOException bodyCutOff = null;
            try {
                http.send(chunked ? chunkedFraming(body) : body);
            } catch (IOException closedEarly) {
                bodyCutOff = closedEarly;
            }

            try {
                RawHttp.Response response = http.readResponse();
                return new Webhook.Answer(response.status(), response.body());
            } catch (IOException noAnswer) {
                if (bodyCutOff != null) {
                    noAnswer.addSuppressed(bodyCutOff);
                }
                throw noAnswer;
            }
        }
    }

    /** The body in chunks of assorted sizes, the same for the same body. */
    private static byte[] chunkedFraming(byte[] body) {
        Random sizes = new Random(body.length);
        ByteArrayOutputStream framed = new ByteArrayOutputStream(body.length + 64);
        int offset = 0;
        while (offset < body.length) {
            int size = Math.min(body.length - offset, 1 + sizes.nextInt(LARGEST_CHUNK_BYTES));
            framed.writeBytes(ascii(Integer.toHexString(size) + "\r\n"));
            framed.write(body, offset, size);
            framed.writeBytes(ascii("\r\n"));
            offset += size;
        }
        framed.writeBytes(ascii("0\r\n\r\n"));
        return framed.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Short enough for a failure message: never the whole body. */
    @Override
    public String toString() {
        String shownTarget = target.length() > 160 ? target.substring(0, 160) + "..." : target;
        String start = new String(body, 0, Math.min(body.length, 60), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "?");
        return method + " " + shownTarget + " " + headerLines + (chunked ? " chunked" : "")
                + ", " + body.length + " body bytes starting '" + start + "'";
    }
}
