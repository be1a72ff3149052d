package dev.hookhouse.http;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The header filter of the webhook endpoint. Inbound, nothing passes: the ingest bean reads the
 * Vert.x request itself, so copying every request header and query parameter (the token among
 * them) into the message would only cost time on the event loop and put a secret where a
 * careless log could print it. Outbound, only what {@link IngestProcessor#write} set after
 * clearing the message passes, less Camel's own {@code Camel*} headers, which are not HTTP.
 */
public final class IngestHeaderFilter implements HeaderFilterStrategy {

    /** The name the route refers to: {@code headerFilterStrategy: "#ingestHeaderFilter"}. */
    public static final String BEAN_NAME = "ingestHeaderFilter";

    private static final String CAMEL_PREFIX = "Camel";

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return name.regionMatches(true, 0, CAMEL_PREFIX, 0, CAMEL_PREFIX.length());
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return true;
    }
}
