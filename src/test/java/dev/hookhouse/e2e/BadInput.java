package dev.hookhouse.e2e;

import dev.hookhouse.http.Compression;
import dev.hookhouse.warehouse.SharedCases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded stream of requests a webhook endpoint meets in the wild, each with the answer the
 * README documents for it: garbage bodies, invalid UTF-8, nesting past the limit, bodies past
 * {@code hookhouse.http.max-body-bytes} in every framing, compression bombs, broken
 * compression, wrong headers, wrong targets and malformed queries; and valid requests in all
 * their legal variety, with the exact text the warehouse must then hold.
 */
final class BadInput {

    static final String INVALID_BODY = "INVALID_BODY";
    static final String NO_BODY_PROVIDED = "NO_BODY_PROVIDED";
    static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";

    /** The JSON family, spelled as senders spell it; null sends no Content-Type at all. */
    private static final List<String> JSON_TYPES = Arrays.asList("application/json",
            "application/json; charset=utf-8", "application/json;charset=UTF-8",
            "APPLICATION/JSON", "application/vnd.github+json", "application/cloudevents+json",
            "text/json", "text/plain; charset=utf-8", null);
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    private static final List<String> UNSUPPORTED_TYPES = List.of("text/html",
            "application/xml", "multipart/form-data; boundary=b", "application/octet-stream",
            "application/x-www-form-urlencoded; charset=iso-8859-1", "image/png");
    private static final List<String> UNSUPPORTED_ENCODINGS = List.of("br", "zstd",
            "compress", "gzip, gzip", "gzip, deflate");

    /** Bytes no strict UTF-8 decoder accepts, by what is wrong with them. */
    private static final List<String> NOT_UTF8_HEX = List.of(
            "c0af", "e080af", "f08080af", "c080",          // overlong forms of '/' and NUL
            "80", "bf", "8080",                            // continuation bytes alone
            "eda080", "edbfbf", "eda0bdedb880",            // surrogates, CESU-8 emoji
            "e282", "f09f98",                              // sequences cut short
            "f4908080", "f5", "ff", "fe", "f888808080");   // past U+10FFFF, never-used bytes
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Not one JSON value: JSON5-isms, comments, two values, raw control characters. */
    private static final List<String> NOT_JSON = List.of("{'a':1}", "{a:1}", "[1,]",
            "{\"a\":1,}", "NaN", "Infinity", "0x10", "01", "// c\n{}", "/* c */{}", "{}{}",
            "1 2", "\"\\x41\"", "\"tab\there\"", "\"line\nbreak\"", "hello", "tru", "{\"a\"}",
            "[1 2]", "{\"a\":1}}", "\"\\ud83d\\u\"", "-", ".5", "1.", "+1");
    private static final List<String> TRAILERS = List.of("}", "]", ",", ":", " x", " {}");

    /** Bombs are built once per size and encoding: compressing a GiB takes seconds. */
    private static final Map<String, byte[]> BOMBS = new ConcurrentHashMap<>();

    /**
     * A request and its documented answer.
     *
     * @param error the code in the JSON answer; null for an answer the HTTP layer gives
     *              itself, without the JSON shape (414, 431, broken framing)
     */
    record Probe(String kind, RawRequest request, int status, String error) {

        boolean overHttpLayer() {
            return error == null;
        }
    }

    /** A request that must get 200, and the exact text its row must hold. */
    record Accepted(String kind, RawRequest request, String storedBody) {
    }

    private final Random random;
    private final RandomJson json;
    private final MalformedQueries queries;
    private final int maxBodyBytes;
    private final List<Long> bombInflatedBytes;
    private final List<Supplier<Probe>> refusals = List.of(this::randomBytes,
            this::randomBytes, this::notJson,
            this::deepNesting, this::invalidUtf8, this::invalidForm, this::overLimit,
            this::overLimit, this::bomb, this::brokenCompression, this::emptyBody,
            this::unsupportedHeaders, this::wrongTarget, this::malformedQuery,
            this::malformedQuery, this::malformedQuery, this::overlongHead);

    BadInput(Random random, MalformedQueries queries, int maxBodyBytes,
            List<Long> bombInflatedBytes) {
        this.random = random;
        this.json = new RandomJson(random);
        this.queries = queries;
        this.maxBodyBytes = maxBodyBytes;
        this.bombInflatedBytes = bombInflatedBytes;
    }

    Probe refused() {
        return refusals.get(random.nextInt(refusals.size())).get();
    }

    // ---- bodies that are not one JSON value in UTF-8 ----

    private Probe randomBytes() {
        byte[] body = new byte[1 + random.nextInt(maxBodyBytes)];
        random.nextBytes(body);
        // 0xFF never occurs in UTF-8, so these bytes can never be a JSON value by chance.
        body[random.nextInt(body.length)] = (byte) 0xFF;
        return refusedBody("random bytes", body, anyJsonType(), 400, INVALID_BODY);
    }

    private Probe notJson() {
        byte[] body = switch (random.nextInt(3)) {
            case 0 -> utf8(pick(NOT_JSON));
            case 1 -> utf8(json.document(200) + pick(TRAILERS));
            default -> truncated(json.container(2000));
        };
        return refusedBody("not JSON", body, anyJsonType(), 400, INVALID_BODY);
    }

    /** A strict prefix of an object or array, cut anywhere, even inside a UTF-8 sequence. */
    private byte[] truncated(String container) {
        byte[] whole = utf8(container);
        return Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
    }

    private Probe deepNesting() {
        int depth = 1001 + random.nextInt(maxBodyBytes / 2 - 1002);
        // An object level costs six bytes: five to open it, one to close it.
        int objectDepth = 1001 + random.nextInt(maxBodyBytes / 6 - 1002);
        String body = switch (random.nextInt(4)) {
            case 0 -> "[".repeat(Math.min(100_000, maxBodyBytes));
            case 1 -> "[".repeat(depth);
            case 2 -> RandomJson.nested(depth);
            default -> "{\"a\":".repeat(objectDepth) + "1" + "}".repeat(objectDepth);
        };
        return refusedBody("nesting past 1000", utf8(body), anyJsonType(), 400, INVALID_BODY);
    }

    private Probe invalidUtf8() {
        byte[] bad = HexFormat.of().parseHex(pick(NOT_UTF8_HEX));
        byte[] body = switch (random.nextInt(5)) {
            case 0 -> concat(utf8("{\"s\":\"caf"), bad, utf8("\"}"));
            case 1 -> concat(utf8("{\""), bad, utf8("\":1}"));
            case 2 -> concat(utf8("[1,"), bad, utf8("]"));
            case 3 -> concat(BOM, utf8(json.document(100)));
            default -> json.document(100).getBytes(random.nextBoolean()
                    ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
        };
        return refusedBody("invalid UTF-8", body, anyJsonType(), 400, INVALID_BODY);
    }

    private Probe invalidForm() {
        String body = pick(List.of("a=%zz", "a=%4", "%=1", "name=caf%E9", "a=%ed%a0%80",
                "a=1&b=%c0%af", "a=%FF%FE"));
        byte[] bytes = random.nextBoolean() ? utf8(body)
                : concat(utf8("name=caf"), new byte[] {(byte) 0xE9});
        return refusedBody("form not UTF-8", bytes, FORM, 400, INVALID_BODY);
    }

    // ---- bodies past the limit ----

    /** Valid JSON one byte to many times past the limit, honest Content-Length or chunked. */
    private Probe overLimit() {
        int past = random.nextBoolean() ? 0 : random.nextInt(3 * maxBodyBytes);
        int bytes = maxBodyBytes + 1 + past;
        RawRequest request = post(utf8(RandomJson.ofExactSize(bytes)), anyJsonType());
        boolean chunked = random.nextBoolean();
        return new Probe(chunked ? "over the limit, chunked" : "over the limit",
                chunked ? request.inChunks() : request, 413, BODY_TOO_LARGE);
    }

    /** A few KiB that inflate far past the limit, or JSON that inflates just past it. */
    private Probe bomb() {
        String encoding = pick(List.of("gzip", "zlib", "raw deflate"));
        long inflated = pick(bombInflatedBytes);
        byte[] wire = random.nextInt(4) == 0
                ? compress(encoding, utf8(RandomJson.ofExactSize(maxBodyBytes + 1)))
                : BOMBS.computeIfAbsent(encoding + inflated, name -> zeros(encoding, inflated));
        RawRequest request = post(wire, anyJsonType(), "Content-Encoding: "
                + (encoding.equals("gzip") ? "gzip" : "deflate"));
        return new Probe(encoding + " bomb", random.nextBoolean() ? request.inChunks() : request,
                413, BODY_TOO_LARGE);
    }

    // ---- compression that does not decode ----

    private Probe brokenCompression() {
        byte[] gzip = Compression.gzip(utf8(json.document(3000)));
        byte[] zlib = Compression.zlib(utf8(json.document(3000)));
        byte[] badCrc = gzip.clone();
        badCrc[badCrc.length - 6] ^= 0x5A;
        byte[] badAdler = zlib.clone();
        badAdler[badAdler.length - 1] ^= 0x5A;
        byte[] wire;
        String encoding = "gzip";
        switch (random.nextInt(5)) {
            case 0 -> wire = Arrays.copyOf(gzip, 1 + random.nextInt(gzip.length - 1));
            case 1 -> wire = badCrc;
            case 2 -> wire = utf8("{\"not\":\"compressed\"}");
            case 3 -> {
                wire = Arrays.copyOf(zlib, 1 + random.nextInt(zlib.length - 1));
                encoding = "deflate";
            }
            default -> {
                wire = badAdler;
                encoding = "deflate";
            }
        }
        return refusedBody("broken " + encoding, wire, anyJsonType(), 400, INVALID_BODY,
                "Content-Encoding: " + encoding);
    }

    private Probe emptyBody() {
        String blank = pick(List.of("", "", "\r\n", " ", "\t \n\r\n  "));
        boolean gzipped = random.nextInt(3) == 0;
        byte[] wire = gzipped ? Compression.gzip(utf8(blank)) : utf8(blank);
        RawRequest request = gzipped ? post(wire, anyJsonType(), "Content-Encoding: gzip")
                : post(wire, anyJsonType());
        return new Probe("empty body", random.nextBoolean() ? request.inChunks() : request,
                400, NO_BODY_PROVIDED);
    }

    // ---- wrong headers, targets, queries ----

    /**
     * Content-Encoding is checked before Content-Type, and both before the declared length:
     * a body past the limit still gets the 415.
     */
    private Probe unsupportedHeaders() {
        boolean badEncoding = random.nextBoolean();
        boolean badType = !badEncoding || random.nextBoolean();
        String type = badType ? pick(UNSUPPORTED_TYPES) : anyJsonType();
        String[] encodingLines = badEncoding
                ? new String[] {"Content-Encoding: " + pick(UNSUPPORTED_ENCODINGS)}
                : new String[0];
        byte[] body = random.nextBoolean() ? utf8(json.document(500))
                : utf8(RandomJson.ofExactSize(2 * maxBodyBytes));
        return new Probe("unsupported headers", post(body, type, encodingLines), 415,
                badEncoding ? "UNSUPPORTED_CONTENT_ENCODING" : "UNSUPPORTED_MEDIA_TYPE");
    }

    private Probe wrongTarget() {
        RawRequest request = validRequest();
        String query = request.target().substring(1);
        if (random.nextBoolean()) {
            String path = pick(List.of("/webhook", "//", "/index.html", "/%2F", "/a/b"));
            return new Probe("wrong path", request.to("POST", path + query), 404, "NOT_FOUND");
        }
        String method = pick(List.of("GET", "PUT", "PATCH", "DELETE", "OPTIONS"));
        return new Probe("wrong method", request.to(method, request.target()), 405,
                "METHOD_NOT_ALLOWED");
    }

    /**
     * The parameters are checked before anything about the body, so a bad query wins over a
     * bad body, a bad Content-Type, or a Content-Length past the limit.
     */
    private Probe malformedQuery() {
        MalformedQueries.Query query = queries.refused();
        byte[] body = switch (random.nextInt(4)) {
            case 0 -> new byte[] {(byte) 0xFF};
            case 1 -> utf8(RandomJson.ofExactSize(2 * maxBodyBytes));
            default -> utf8(json.document(300));
        };
        String type = random.nextInt(4) == 0 ? "text/html" : anyJsonType();
        RawRequest request = post(body, type).to("POST", "/?" + query.text());
        return new Probe("malformed query", request, 400, query.error());
    }

    /**
     * Answered by the HTTP layer before Hookhouse sees it, without the JSON shape. Sent over a
     * socket of its own only (see {@link Probe#overHttpLayer}): the HTTP layer closes the
     * connection after these answers without saying {@code Connection: close}, and a pooled
     * client that sent its next request on it would get no answer.
     */
    private Probe overlongHead() {
        RawRequest request = validRequest();
        if (random.nextBoolean()) {
            return new Probe("request line over 4096 bytes", request.to("POST",
                    request.target() + "&pad=" + "p".repeat(4100)), 414, null);
        }
        List<String> lines = new ArrayList<>(request.headerLines());
        lines.add("X-Padding: " + "h".repeat(9000));
        return new Probe("headers over 8 KiB", new RawRequest("POST", request.target(), lines,
                request.body(), false), 431, null);
    }

    // ---- accepted requests ----

    /** A valid request in one of its legal shapes, and the text that must be stored. */
    Accepted accepted() {
        String text;
        String kind;
        switch (random.nextInt(6)) {
            case 0 -> {
                kind = "exactly at the limit";
                text = RandomJson.ofExactSize(maxBodyBytes);
            }
            case 1 -> {
                kind = "nested 1000 deep";
                text = RandomJson.nested(1000);
            }
            case 2 -> {
                return acceptedForm();
            }
            default -> {
                kind = "random JSON";
                text = json.document(1 + random.nextInt(maxBodyBytes / 8));
            }
        }
        return encodedSomehow(kind, text);
    }

    private Accepted encodedSomehow(String kind, String text) {
        RawRequest request = post(utf8(text), anyJsonType());
        if (random.nextInt(3) == 0) {
            String encoding = pick(List.of("gzip", "zlib", "raw deflate"));
            kind += ", " + encoding;
            request = post(compress(encoding, utf8(text)), anyJsonType(),
                    "Content-Encoding: " + (encoding.equals("gzip") ? "gzip" : "deflate"));
        }
        return new Accepted(kind, random.nextBoolean() ? request.inChunks() : request, text);
    }

    /** A form of unique fields; stored as the JSON object of the decoded fields. */
    private Accepted acceptedForm() {
        List<String> fields = new ArrayList<>();
        for (int i = random.nextInt(6); i >= 0; i--) {
            fields.add("f" + i + "=" + pick(List.of("hi+there", "2%2B3%3D4", "%F0%9F%98%80",
                    "caf%C3%A9", "", "a%26b", "%2B15005550009", "x%0D%0Ay")));
        }
        String form = String.join("&", fields);
        RawRequest request = post(utf8(form), FORM);
        return new Accepted("form", request, SharedCases.formAsJson(form));
    }

    /** The plain valid request every refusal above starts from. */
    private RawRequest validRequest() {
        return post(utf8(json.document(200)), anyJsonType());
    }

    // ---- building blocks ----

    private Probe refusedBody(String kind, byte[] body, String type, int status, String error,
            String... moreLines) {
        RawRequest request = post(body, type, moreLines);
        return new Probe(kind, random.nextInt(4) == 0 ? request.inChunks() : request, status,
                error);
    }

    /** A POST with valid parameters, {@code type} as its Content-Type unless null. */
    private RawRequest post(byte[] body, String type, String... moreLines) {
        List<String> lines = new ArrayList<>(typeLines(type));
        lines.addAll(List.of(moreLines));
        return RawRequest.post("/?" + queries.accepted().text(), body,
                lines.toArray(String[]::new));
    }

    private static List<String> typeLines(String type) {
        return type == null ? List.of() : List.of("Content-Type: " + type);
    }

    private String anyJsonType() {
        return JSON_TYPES.get(random.nextInt(JSON_TYPES.size()));
    }

    private static byte[] compress(String encoding, byte[] bytes) {
        return switch (encoding) {
            case "gzip" -> Compression.gzip(bytes);
            case "zlib" -> Compression.zlib(bytes);
            default -> Compression.rawDeflate(bytes);
        };
    }

    /** {@code inflatedBytes} zero bytes, compressed as they stream, never held whole. */
    private static byte[] zeros(String encoding, long inflatedBytes) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION,
                encoding.equals("raw deflate"));
        byte[] megabyte = new byte[1 << 20];
        try (OutputStream out = encoding.equals("gzip") ? new GZIPOutputStream(wire, 1 << 16)
                : new DeflaterOutputStream(wire, deflater, 1 << 16)) {
            for (long written = 0; written < inflatedBytes; written += megabyte.length) {
                out.write(megabyte);
            }
        } catch (IOException cannotHappenInMemory) {
            throw new UncheckedIOException(cannotHappenInMemory);
        } finally {
            deflater.end();
        }
        return wire.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
