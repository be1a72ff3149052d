package dev.hookhouse.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * platform-http's Vert.x engine, bound as {@code platform-http-engine}, with two changes for the
 * webhook route: {@link IngestReader} runs on the event loop before the exchange takes a worker
 * thread, and the message body is what it read (a {@link ReceivedRequest}), not the raw request.
 *
 * <p>No query parameter (a token) and no request header becomes a message header, so none can
 * be echoed back or reach a route step. The stock consumer would also pause the raw request,
 * which over HTTP/2 fails once its body has been read.
 *
 * <p>The engine serves every platform-http route of the context: the webhook route is the only
 * one, and a second route on it would get the webhook contract. The route must keep
 * {@code useBodyHandler=false}: Vert.x's body handler would read the body before the reader.
 */
public final class IngestEngine extends VertxPlatformHttpEngine {

    public IngestEngine(IngestReader reader) {
        setHandlers(List.of(reader));
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint,
            Processor processor) {
        return new ReadFirstConsumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }

    private static final class ReadFirstConsumer extends VertxPlatformHttpConsumer {

        ReadFirstConsumer(PlatformHttpEndpoint endpoint, Processor processor,
                List<Handler<RoutingContext>> handlers, String routerName) {
            super(endpoint, processor, handlers, routerName);
        }

        @Override
        protected Future<Void> populateCamelMessage(RoutingContext context, Exchange exchange,
                Message message) {
            message.setBody(IngestReader.received(context));
            return Future.succeededFuture();
        }
    }
}
