package dev.hookhouse.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http will not send: any header (Connection,
 * Expect, a fake CamelHttpResponseCode), a request in pieces, a body that never ends.
 */
public final class RawHttp implements AutoCloseable {

    /** One parsed response; header names lower-cased, in the order received. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readTimeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawHttp(int port) throws IOException {
        this(port, 10_000);
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one response whose body has a Content-Length (every answer of ours has one). */
    public Response readResponse() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String length = headers.get("content-length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads a response head only, up to and including the blank line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!endsWithBlankLine(head.toByteArray())) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** True if the server closed the connection (end of stream) within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** True if nothing arrives within the read timeout (the server is waiting for us). */
    boolean silent() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("unexpected byte from the server: " + (char) b);
            }
            return false;
        } catch (SocketTimeoutException nothingYet) {
            return true;
        }
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private static boolean endsWithBlankLine(byte[] bytes) {
        int n = bytes.length;
        return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r'
                && bytes[n - 1] == '\n';
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A request head for {@code POST target} with the given extra header lines. */
    static String postHead(String target, String... headerLines) {
        return head("POST", target, headerLines);
    }

    /** A request head for {@code method target} with the given extra header lines. */
    public static String head(String method, String target, String... headerLines) {
        StringBuilder head = new StringBuilder(method + " " + target
                + " HTTP/1.1\r\nHost: test\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }
}
