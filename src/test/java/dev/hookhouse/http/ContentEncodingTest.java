package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentEncodingTest {

    @Test
    void noHeaderOrIdentityIsIdentity() throws RequestRejected {
        assertEquals(ContentEncoding.IDENTITY, ContentEncoding.of(List.of()));
        assertEquals(ContentEncoding.IDENTITY, ContentEncoding.of(List.of("identity")));
        assertEquals(ContentEncoding.IDENTITY, ContentEncoding.of(List.of("")));
    }

    @Test
    void gzipAndDeflateAreKnownInAnyCase() throws RequestRejected {
        assertEquals(ContentEncoding.GZIP, ContentEncoding.of(List.of("GZip")));
        assertEquals(ContentEncoding.GZIP, ContentEncoding.of(List.of("x-gzip")));
        assertEquals(ContentEncoding.DEFLATE, ContentEncoding.of(List.of(" deflate ")));
        assertEquals(ContentEncoding.GZIP, ContentEncoding.of(List.of("identity, gzip")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"br", "zstd", "compress", "gzip, deflate", "gzip, gzip"})
    void otherOrStackedCodingsAreUnsupported(String header) {
        RequestRejected rejected = assertThrows(RequestRejected.class,
                () -> ContentEncoding.of(List.of(header)));

        assertEquals(IngestError.UNSUPPORTED_CONTENT_ENCODING, rejected.error());
    }

    @Test
    void repeatedHeadersCountAsStacked() {
        assertThrows(RequestRejected.class,
                () -> ContentEncoding.of(List.of("gzip", "gzip")));
    }
}
