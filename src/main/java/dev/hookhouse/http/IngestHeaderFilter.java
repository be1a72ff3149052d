package dev.hookhouse.http;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The header filter of the webhook endpoint. Inbound, nothing passes: {@link IngestEngine}
 * already copies no request header or query parameter (the token among them) into the
 * message, and this keeps it so should the stock consumer ever run the route. Outbound, only what {@link IngestProcessor#write} set after
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
