package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyDecompressionTest {

    private static final byte[] BODY = "{\"event\":\"push\",\"n\":12345678901234567890}"
            .getBytes(StandardCharsets.UTF_8);
    private static final long LIMIT = 1024 * 1024;

    @Test
    void identityIsReturnedAsIs() throws RequestRejected {
        assertArrayEquals(BODY, BodyDecompression.decode(BODY, ContentEncoding.IDENTITY, LIMIT));
    }

    @Test
    void gzipIsDecoded() throws RequestRejected {
        byte[] decoded = BodyDecompression.decode(Compression.gzip(BODY), ContentEncoding.GZIP,
                LIMIT);

        assertArrayEquals(BODY, decoded);
    }

    @Test
    void zlibWrappedAndRawDeflateAreBothDecoded() throws RequestRejected {
        assertArrayEquals(BODY, BodyDecompression.decode(Compression.zlib(BODY),
                ContentEncoding.DEFLATE, LIMIT));
        assertArrayEquals(BODY, BodyDecompression.decode(Compression.rawDeflate(BODY),
                ContentEncoding.DEFLATE, LIMIT));
    }

    @Test
    void zlibHeaderIsRecognised() {
        assertTrue(BodyDecompression.looksZlibWrapped(Compression.zlib(BODY)));
        assertFalse(BodyDecompression.looksZlibWrapped(Compression.rawDeflate(BODY)));
    }

    @Test
    void gzipBombStopsAtTheLimit() {
        byte[] bomb = Compression.gzip(new byte[64 * 1024 * 1024]);

        RequestRejected rejected = assertThrows(RequestRejected.class,
                () -> BodyDecompression.decode(bomb, ContentEncoding.GZIP, LIMIT));

        assertEquals(IngestError.BODY_TOO_LARGE, rejected.error());
    }

    @Test
    void deflateBombStopsAtTheLimit() {
        byte[] bomb = Compression.zlib(new byte[64 * 1024 * 1024]);

        RequestRejected rejected = assertThrows(RequestRejected.class,
                () -> BodyDecompression.decode(bomb, ContentEncoding.DEFLATE, LIMIT));

        assertEquals(IngestError.BODY_TOO_LARGE, rejected.error());
    }

    @Test
    void bodyOfExactlyTheLimitInflates() throws RequestRejected {
        byte[] body = new byte[(int) LIMIT];
        Arrays.fill(body, (byte) ' ');

        byte[] decoded = BodyDecompression.decode(Compression.gzip(body), ContentEncoding.GZIP,
                LIMIT);

        assertEquals(LIMIT, decoded.length);
    }

    @Test
    void incompressibleBodyAtTheLimitFitsTheWireSlack() {
        byte[] random = new byte[(int) LIMIT];
        new Random(42).nextBytes(random);

        byte[] gzipped = Compression.gzip(random);

        assertTrue(gzipped.length > LIMIT);
        assertTrue(gzipped.length <= new BodyLimits(LIMIT).maxWireBytes(ContentEncoding.GZIP));
    }

    @Test
    void corruptOrTruncatedDataIsInvalidBody() {
        byte[] gzip = Compression.gzip(BODY);
        byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
        byte[] notGzip = BODY;

        for (byte[] wire : new byte[][] {truncated, notGzip}) {
            RequestRejected rejected = assertThrows(RequestRejected.class,
                    () -> BodyDecompression.decode(wire, ContentEncoding.GZIP, LIMIT));
            assertEquals(IngestError.INVALID_BODY, rejected.error());
        }

        byte[] zlib = Compression.zlib(BODY);
        RequestRejected rejected = assertThrows(RequestRejected.class, () -> BodyDecompression
                .decode(Arrays.copyOf(zlib, zlib.length / 2), ContentEncoding.DEFLATE, LIMIT));
        assertEquals(IngestError.INVALID_BODY, rejected.error());
    }
}
