package dev.hookhouse.http;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.spool.Spool;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The webhook endpoint. Placeholder until the ingest-edge work lands; answers 503. */
public final class IngestProcessor implements Processor {

    public IngestProcessor(HookhouseConfig config, Spool spool, Clock clock) {
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"success\": false, \"error\": \"NOT_READY\"}");
    }
}
