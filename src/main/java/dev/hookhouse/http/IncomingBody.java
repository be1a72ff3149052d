package dev.hookhouse.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the body of a request on the Vert.x event loop, before any worker thread is taken, and
 * makes sure the connection is left in a clean state whatever the answer.
 *
 * <p>Reading holds no thread: the handlers set here collect chunks on the event loop, counting
 * bytes as they arrive, and a timer gives up after {@code timeoutMillis}. A sender trickling its
 * body costs a connection and the bytes it has sent so far, so slow senders never make other
 * senders wait. The sender's {@code Expect: 100-continue} is answered here, only once the
 * request has passed every check that needs no body, so a sender whose request is refused
 * never uploads its body (Vert.x does not answer it itself: its server option
 * handle100ContinueAutomatically is off in platform-http).
 *
 * <p>An answer sent before the whole body was read (a refusal, a body too large, a sender too
 * slow) carries {@code Connection: close} over HTTP/1.x: what follows on the connection cannot
 * be trusted to be the next request. (Over HTTP/2 only the request's stream is reset.) The
 * rest of the body is then read and dropped, and the connection is closed once the body has
 * ended or {@value #LINGER_MILLIS} ms after the answer, whichever is first. Closing while the
 * sender is still writing would make the kernel reset the connection, and a reset can destroy
 * the answer before the sender reads it.
 */
final class IncomingBody {

    static final long LINGER_MILLIS = 2000;

    /** Told once, on the event loop, how reading ended. */
    interface Outcome {

        void read(byte[] body);

        void refused(RequestRejected refusal);
    }

    private final HttpServerRequest request;
    private final BodyBudget budget;
    private final AtomicLong heldBytes = new AtomicLong();
    private boolean continueSent;
    private boolean fullyRead;
    private boolean released;

    IncomingBody(HttpServerRequest request, BodyBudget budget) {
        this.request = request;
        this.budget = budget;
    }

    /** The Content-Length, -1 when absent (chunked or no body). */
    long declaredLength() {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException checkedByNettyAlready) {
            return -1;
        }
    }

    /** Whether bytes may follow the headers: a non-zero length or a transfer coding. */
    boolean mayHaveBody() {
        return declaredLength() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /**
     * Starts reading the whole body, refusing it as soon as it passes {@code maxWireBytes}.
     * Call on the event loop; {@code outcome} hears once, on the event loop, either the bytes
     * or BODY_TOO_LARGE, BODY_TIMEOUT, or INVALID_BODY if the connection broke first.
     */
    void read(Vertx vertx, long maxWireBytes, long timeoutMillis, Outcome outcome) {
        long declared = declaredLength();
        if (declared > maxWireBytes) {
            outcome.refused(RequestRejected.because(IngestError.BODY_TOO_LARGE));
            return;
        }

        // No size hint: a sender that declares a large body and trickles holds only what it sent.
        Collector collector = new Collector(vertx, new BoundedBuffer(maxWireBytes, 0), outcome);
        request.handler(collector::chunk)
                .endHandler(collector::end)
                .exceptionHandler(collector::broken);
        // A sender that left before the handlers were set was reported to nobody; without
        // this check the request would wait out the whole body timeout for it.
        if (request.response().closed()) {
            collector.fail(IngestError.INVALID_BODY);
            return;
        }
        if (expectsContinue()) {
            request.response().writeContinue();
            continueSent = true;
        }

        collector.startTimer(timeoutMillis);
        request.resume();
    }

    /**
     * Gives back what this body holds of the memory budget; once the spool has written it, or
     * it was refused, or its connection was lost. Any thread; a second call gives nothing.
     */
    void releaseBudget() {
        long held = heldBytes.getAndSet(0);
        if (held > 0) {
            budget.give(held);
        }
    }

    /** Whether the sender is gone: an answer would reach nobody. Any thread. */
    boolean connectionLost() {
        return request.response().closed();
    }

    private boolean expectsContinue() {
        return request.version() != HttpVersion.HTTP_1_0
                && request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true);
    }

    /**
     * Called on the event loop, before a worker answers, for every request whose body will not
     * be read (a refusal, a probe): the rest of the body is dropped and, if there may be any,
     * the connection is closed after the answer. Does nothing for a body read whole, or twice.
     *
     * @param senderTooSlow close right after the answer, without waiting for the body
     */
    void releaseBeforeAnswer(boolean senderTooSlow) {
        // An ended request has no more bytes to drop, and takes no handlers.
        if (fullyRead || released || request.isEnded()) {
            return;
        }
        released = true;

        // A sender that asked to continue and was not told to sends no body: nothing to await.
        boolean noBodyComing = senderTooSlow || expectsContinue() && !continueSent;
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        boolean close = http2 || noBodyComing || mayHaveBody();
        Closer closer = new Closer(request.response(), noBodyComing ? 0 : LINGER_MILLIS, http2);
        request.handler(ignored -> { });
        request.exceptionHandler(ignored -> closer.bodyEnded());
        request.endHandler(ignored -> closer.bodyEnded());
        if (close && !http2) {
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        if (close) {
            request.response().endHandler(ignored -> closer.answered());
        }
        request.resume();
    }

    /** Collects chunks on the event loop and tells the outcome once. */
    private final class Collector {

        private final Vertx vertx;
        private final Outcome outcome;
        private BoundedBuffer buffer;
        private boolean done;
        private long timerId = -1;

        Collector(Vertx vertx, BoundedBuffer buffer, Outcome outcome) {
            this.vertx = vertx;
            this.buffer = buffer;
            this.outcome = outcome;
        }

        void startTimer(long timeoutMillis) {
            if (!done) {
                timerId = vertx.setTimer(timeoutMillis,
                        ignored -> fail(IngestError.BODY_TIMEOUT));
            }
        }

        void chunk(Buffer chunk) {
            if (done) {
                return;
            }
            byte[] bytes = chunk.getBytes();
            if (!budget.tryTake(bytes.length)) {
                fail(IngestError.SPOOL_UNAVAILABLE);
                return;
            }
            heldBytes.addAndGet(bytes.length);
            if (!buffer.append(bytes, 0, bytes.length)) {
                fail(IngestError.BODY_TOO_LARGE);
            }
        }

        void end(Void ignored) {
            if (done) {
                return;
            }
            byte[] body = buffer.toByteArray();
            finish();
            fullyRead = true;
            outcome.read(body);
        }

        void broken(Throwable failure) {
            fail(IngestError.INVALID_BODY);
        }

        void fail(IngestError error) {
            if (done) {
                return;
            }
            finish();
            releaseBudget();
            outcome.refused(RequestRejected.because(error));
        }

        /** Lets go of the timer and of the bytes: a refused body is not kept while it drains. */
        private void finish() {
            done = true;
            buffer = null;
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
            }
        }
    }

    /**
     * HTTP/1.1: closes the connection once answered and either the body ended or the linger ran
     * out. HTTP/2, where the connection is shared and {@code Connection} is a protocol error:
     * resets only the request's stream with NO_ERROR, which tells the sender to stop sending
     * (RFC 9113, section 8.1).
     */
    private static final class Closer {

        private static final long NO_ERROR = 0;

        private final HttpServerResponse response;
        private final long lingerMillis;
        private final boolean http2;
        private boolean answered;
        private boolean bodyEnded;

        Closer(HttpServerResponse response, long lingerMillis, boolean http2) {
            this.response = response;
            this.lingerMillis = lingerMillis;
            this.http2 = http2;
        }

        synchronized void answered() {
            answered = true;
            if (http2) {
                if (!bodyEnded) {
                    response.reset(NO_ERROR);
                }
                return;
            }
            if (bodyEnded || lingerMillis == 0) {
                response.close();
                return;
            }
            CompletableFuture.delayedExecutor(lingerMillis, TimeUnit.MILLISECONDS)
                    .execute(response::close);
        }

        synchronized void bodyEnded() {
            bodyEnded = true;
            if (answered && !http2) {
                response.close();
            }
        }
    }
}
