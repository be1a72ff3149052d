package dev.hookhouse.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Compresses test bodies the way senders do. */
public final class Compression {

    private Compression() {
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException cannotHappenInMemory) {
            throw new UncheckedIOException(cannotHappenInMemory);
        }
        return out.toByteArray();
    }

    /** zlib-wrapped deflate, what RFC 9110 calls deflate. */
    public static byte[] zlib(byte[] bytes) {
        return deflate(bytes, false);
    }

    /** Raw deflate without the zlib header, as some senders send it. */
    public static byte[] rawDeflate(byte[] bytes) {
        return deflate(bytes, true);
    }

    private static byte[] deflate(byte[] bytes, boolean raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
            stream.write(bytes);
        } catch (IOException cannotHappenInMemory) {
            throw new UncheckedIOException(cannotHappenInMemory);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
