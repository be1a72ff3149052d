package dev.hookhouse.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The event-loop half of the webhook endpoint, run on the platform-http route just before
 * Camel takes a worker thread for the exchange: it checks what needs no body and reads the body
 * (see {@link IngestHandler#receive}), and only then lets the exchange go on, with what it read
 * left in the routing context for {@link IngestEngine} to make the message body.
 */
public final class IngestReader implements Handler<RoutingContext> {

    private static final String RECEIVED = "hookhouse.received";

    private final IngestHandler handler;

    public IngestReader(IngestHandler handler) {
        this.handler = handler;
    }

    @Override
    public void handle(RoutingContext context) {
        handler.receive(context.request(), context.vertx(), received -> {
            // The worker gives the body's memory back once spooled; this covers an exchange
            // that never runs (the connection was lost first).
            context.addEndHandler(ignored -> received.body().releaseBudget());
            context.put(RECEIVED, received);
            context.next();
        });
    }

    /** What the reader left in {@code context}; null if it did not run. */
    static ReceivedRequest received(RoutingContext context) {
        return context.get(RECEIVED);
    }
}
