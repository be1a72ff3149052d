package dev.hookhouse.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * Undoes {@code Content-Encoding} with the decoded size bounded while inflating: a gzip bomb
 * (a few KiB that inflate to gigabytes) is stopped at the limit with BODY_TOO_LARGE and never
 * fills memory. Data that does not inflate is INVALID_BODY: there is no JSON value in it.
 */
final class BodyDecompression {

    private static final int CHUNK_BYTES = 64 * 1024;

    private BodyDecompression() {
    }

    static byte[] decode(byte[] wire, ContentEncoding encoding, long maxBodyBytes)
            throws RequestRejected {
        return switch (encoding) {
            case IDENTITY -> wire;
            case GZIP -> gunzip(wire, maxBodyBytes);
            case DEFLATE -> inflateEither(wire, maxBodyBytes);
        };
    }

    private static byte[] gunzip(byte[] wire, long maxBodyBytes) throws RequestRejected {
        BoundedBuffer decoded = new BoundedBuffer(maxBodyBytes, wire.length * 4L);
        byte[] chunk = new byte[CHUNK_BYTES];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire), CHUNK_BYTES)) {
            int read;
            while ((read = in.read(chunk)) >= 0) {
                if (!decoded.append(chunk, 0, read)) {
                    throw RequestRejected.because(IngestError.BODY_TOO_LARGE);
                }
            }
        } catch (IOException corrupt) {
            throw RequestRejected.because(IngestError.INVALID_BODY);
        }
        return decoded.toByteArray();
    }

    /**
     * RFC 9110's deflate is zlib-wrapped, but some senders send raw deflate; the zlib header is
     * tried first when the first two bytes look like one, and raw deflate otherwise or if that
     * fails.
     */
    private static byte[] inflateEither(byte[] wire, long maxBodyBytes) throws RequestRejected {
        if (looksZlibWrapped(wire)) {
            try {
                return inflate(wire, false, maxBodyBytes);
            } catch (DataFormatException notZlibAfterAll) {
                // fall through to raw deflate
            }
        }
        try {
            return inflate(wire, true, maxBodyBytes);
        } catch (DataFormatException corrupt) {
            throw RequestRejected.because(IngestError.INVALID_BODY);
        }
    }

    /** RFC 1950: method 8 with a window of at most 32 KiB, and a header check multiple of 31. */
    static boolean looksZlibWrapped(byte[] wire) {
        if (wire.length < 2) {
            return false;
        }
        int cmf = wire[0] & 0xFF;
        int flg = wire[1] & 0xFF;
        return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }

    private static byte[] inflate(byte[] wire, boolean raw, long maxBodyBytes)
            throws DataFormatException, RequestRejected {
        Inflater inflater = new Inflater(raw);
        try {
            // zlib may need one byte past the end of raw deflate data to finish
            inflater.setInput(raw ? Arrays.copyOf(wire, wire.length + 1) : wire);
            return inflateAll(inflater, maxBodyBytes, wire.length);
        } finally {
            inflater.end();
        }
    }

    private static byte[] inflateAll(Inflater inflater, long maxBodyBytes, int wireBytes)
            throws DataFormatException, RequestRejected {
        BoundedBuffer decoded = new BoundedBuffer(maxBodyBytes, wireBytes * 4L);
        byte[] chunk = new byte[CHUNK_BYTES];
        while (!inflater.finished()) {
            int inflated = inflater.inflate(chunk);
            if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("deflate data ends early");
            }
            if (!decoded.append(chunk, 0, inflated)) {
                throw RequestRejected.because(IngestError.BODY_TOO_LARGE);
            }
        }
        return decoded.toByteArray();
    }
}
