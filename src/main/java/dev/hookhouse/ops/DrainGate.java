package dev.hookhouse.ops;

import dev.hookhouse.http.IngestObserver;
import dev.hookhouse.http.IngestResponse;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The first handler on the webhook port: counts the requests in flight, and once a graceful
 * stop begins, answers every new one {@code 503 {"success": false, "error": "SHUTTING_DOWN"}}
 * with {@code Retry-After}, so that a sender retries elsewhere or later while the requests
 * already admitted finish.
 *
 * <p>Admission and drain cannot miss each other: a request is counted before it looks at the
 * flag, and the stop sets the flag before it waits for the count to reach zero. A request
 * counted after the flag was set sees it and is refused; one counted before is waited for.
 *
 * <p>A request is done when its response is written, or when its connection is lost first.
 * Bytes received are counted then, as the body bytes Vert.x read off the connection.
 */
final class DrainGate {

    static final String SHUTTING_DOWN = "SHUTTING_DOWN";

    private static final String ADMITTED = "hookhouse.admitted";
    private static final int SERVICE_UNAVAILABLE = 503;
    private static final long POLL_MILLIS = 10;

    private final AtomicLong inFlight = new AtomicLong();
    private final IngestObserver observer;
    private final LongConsumer bytesReceived;
    private final String refusal;
    private final String retryAfterSeconds;
    private volatile boolean draining;

    DrainGate(IngestObserver observer, LongConsumer bytesReceived, long retryAfterSeconds) {
        this.observer = observer;
        this.bytesReceived = bytesReceived;
        this.refusal = "{\"success\": false, \"error\": \"" + SHUTTING_DOWN + "\"}";
        this.retryAfterSeconds = Long.toString(retryAfterSeconds);
    }

    /** Puts the gate in front of every route of {@code router}. */
    void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        // A rerouted request (see QueryEscapeRepair) passes here twice; count it once.
        if (context.get(ADMITTED) != null) {
            context.next();
            return;
        }

        inFlight.incrementAndGet();
        if (draining) {
            inFlight.decrementAndGet();
            refuse(context.request());
            return;
        }
        context.put(ADMITTED, Boolean.TRUE);
        AtomicBoolean done = new AtomicBoolean();
        Handler<Object> finished = ignored -> finished(context.request(), done);
        // The edge replaces the response's end handler when it drops an unread body; the body
        // end handler still fires then, and the end handler alone covers a lost connection.
        context.addEndHandler(finished::handle);
        context.addBodyEndHandler(finished::handle);
        context.next();
    }

    private void finished(HttpServerRequest request, AtomicBoolean done) {
        if (done.compareAndSet(false, true)) {
            inFlight.decrementAndGet();
            bytesReceived.accept(request.bytesRead());
        }
    }

    private void refuse(HttpServerRequest request) {
        observer.answered(SERVICE_UNAVAILABLE, SHUTTING_DOWN);
        request.response()
                .setStatusCode(SERVICE_UNAVAILABLE)
                .putHeader(HttpHeaders.CONTENT_TYPE, IngestResponse.CONTENT_TYPE)
                .putHeader("Retry-After", retryAfterSeconds);
        if (request.version() != HttpVersion.HTTP_2) {
            // The body was not read; the connection is not reused for another request.
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        request.response().end(refusal);
    }

    boolean draining() {
        return draining;
    }

    long inFlight() {
        return inFlight.get();
    }

    /**
     * Refuses new requests from now on and waits until the admitted ones are done.
     *
     * @return whether they were all done before {@code deadlineNanos} ({@link System#nanoTime})
     */
    boolean drain(long deadlineNanos) throws InterruptedException {
        draining = true;
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
