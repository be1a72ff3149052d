package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IngestHeaderFilterTest {

    private final IngestHeaderFilter filter = new IngestHeaderFilter();

    @Test
    void noRequestHeaderOrQueryParameterEntersTheMessage() {
        for (String name : new String[] {"token", "key", "pipeline_id", "Content-Type",
                "Authorization", "X-Anything"}) {
            assertTrue(filter.applyFilterToExternalHeaders(name, "value", null), name);
        }
    }

    @Test
    void theAnswersOwnHeadersLeaveAndCamelsStayIn() {
        assertFalse(filter.applyFilterToCamelHeaders("Content-Type", "application/json", null));
        assertFalse(filter.applyFilterToCamelHeaders("Retry-After", "5", null));
        assertFalse(filter.applyFilterToCamelHeaders("Allow", "POST", null));
        assertTrue(filter.applyFilterToCamelHeaders("CamelHttpResponseCode", 200, null));
        assertTrue(filter.applyFilterToCamelHeaders("camelHttpPath", "/", null));
    }
}
