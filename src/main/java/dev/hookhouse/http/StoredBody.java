package dev.hookhouse.http;

/**
 * From the bytes on the wire to the text the spool stores, in the contract's order: nothing
 * there, then decoding, then nothing but whitespace, then not JSON.
 *
 * <p>A JSON body is stored as the exact decoded text, never re-serialized. A form body becomes
 * a JSON object of its fields (see {@link FormBody}), except when it starts with {@code &#123;}
 * or {@code [}: a form encoder escapes those, so such a body is JSON sent with curl's default
 * {@code -d} type, and it is checked and stored as JSON.
 */
final class StoredBody {

    private StoredBody() {
    }

    static String from(byte[] wire, ContentEncoding encoding, BodyFormat format,
            long maxBodyBytes) throws RequestRejected {
        if (wire.length == 0) {
            throw RequestRejected.because(IngestError.NO_BODY_PROVIDED);
        }

        byte[] body = BodyDecompression.decode(wire, encoding, maxBodyBytes);
        int firstContent = firstNonWhitespace(body);
        if (firstContent == body.length) {
            throw RequestRejected.because(IngestError.NO_BODY_PROVIDED);
        }

        if (format == BodyFormat.FORM && !startsLikeJson(body[firstContent])) {
            return FormBody.toJson(body);
        }
        return JsonBody.requireJson(body);
    }

    /** JSON's whitespace: space, tab, line feed, carriage return. */
    static int firstNonWhitespace(byte[] body) {
        int i = 0;
        while (i < body.length && isJsonWhitespace(body[i])) {
            i++;
        }
        return i;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static boolean startsLikeJson(byte first) {
        return first == '{' || first == '[';
    }
}
