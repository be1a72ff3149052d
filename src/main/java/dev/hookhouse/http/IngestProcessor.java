package dev.hookhouse.http;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.spool.Spool;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel end of the webhook endpoint: takes what {@link IngestReader} read of the request on
 * the event loop (the message body, see {@link IngestEngine}), lets {@link IngestHandler}
 * answer it, and turns the answer into the response message. Runs on the worker thread
 * platform-http holds for the exchange.
 *
 * <p>Nothing is read from Camel's header map (the engine puts no request data there). Before
 * answering, every header is removed and only the status,
 * {@code Content-Type: application/json} and the answer's own headers are set, so no query
 * parameter (a token) and no request header is ever echoed back.
 */
public final class IngestProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    private final IngestHandler handler;
    private final IngestReader reader;

    public IngestProcessor(IngestHandler handler) {
        this.handler = handler;
        this.reader = new IngestReader(handler);
    }

    public IngestProcessor(HookhouseConfig config, Spool spool, Clock clock) {
        this(config, spool, clock, IngestObserver.NONE);
    }

    public IngestProcessor(HookhouseConfig config, Spool spool, Clock clock,
            IngestObserver observer) {
        this(new IngestHandler(spool, clock, config, observer));
    }

    /** Bytes of bodies held in memory now (see hookhouse.http.max-buffered-bytes). */
    public long bufferedBytes() {
        return handler.bufferedBytes();
    }

    /** The platform-http engine that reads each request before this processor answers it. */
    public IngestEngine engine() {
        return new IngestEngine(reader);
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        IngestResponse response = answer(message.getBody());
        write(response, message);
    }

    private IngestResponse answer(Object body) {
        if (body instanceof ReceivedRequest received) {
            return handler.answer(received);
        }
        LOG.error("ingest: the route must use platform-http with the ingest engine (see"
                + " HookhouseServer); got a body of {}",
                body == null ? "null" : body.getClass().getName());
        return internalError();
    }

    private static IngestResponse internalError() {
        return IngestResponse.rejected(RequestRejected.because(IngestError.INTERNAL_ERROR), 0);
    }

    /** Replaces the whole message: only headers set here reach the response. */
    static void write(IngestResponse response, Message message) {
        message.removeHeaders("*");

        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        message.setHeader(Exchange.CONTENT_TYPE, IngestResponse.CONTENT_TYPE);
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        // A ByteBuffer is written in one go with a Content-Length; a byte[] would be streamed
        // through an InputStream adapter, which costs the event loop several extra hops.
        message.setBody(ByteBuffer.wrap(response.body()));
    }
}
