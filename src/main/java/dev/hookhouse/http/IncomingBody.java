package dev.hookhouse.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the body of a request that platform-http hands over paused ({@code useBodyHandler=false})
 * and makes sure the connection is left in a clean state whatever the answer.
 *
 * <p>Reading runs on the Vert.x worker thread that processes the exchange: the handlers set here
 * collect chunks on the event loop, counting bytes as they arrive, and the worker waits for the
 * end, at most {@code timeoutMillis}. The sender's {@code Expect: 100-continue} is answered here,
 * only once the request has passed every check that needs no body, so a sender whose request is
 * refused never uploads its body (Vert.x does not answer it itself: its server option
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

    private final HttpServerRequest request;
    private boolean continueSent;
    private boolean fullyRead;

    IncomingBody(HttpServerRequest request) {
        this.request = request;
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
     * Reads the whole body, refusing it as soon as it passes {@code maxWireBytes}.
     *
     * @throws RequestRejected BODY_TOO_LARGE, BODY_TIMEOUT, or INVALID_BODY if the connection
     *                         broke before the body ended
     */
    byte[] read(long maxWireBytes, long timeoutMillis) throws RequestRejected {
        long declared = declaredLength();
        if (declared > maxWireBytes) {
            throw RequestRejected.because(IngestError.BODY_TOO_LARGE);
        }

        Collector collector = new Collector(new BoundedBuffer(maxWireBytes, declared));
        request.handler(collector::chunk)
                .endHandler(collector::end)
                .exceptionHandler(collector::broken);
        // A sender that left before the handlers were set was reported to nobody; without
        // this check the worker would wait out the whole body timeout for it.
        if (request.response().closed()) {
            throw RequestRejected.because(IngestError.INVALID_BODY);
        }
        if (expectsContinue()) {
            request.response().writeContinue();
            continueSent = true;
        }
        request.resume();

        byte[] body = collector.await(timeoutMillis);
        fullyRead = true;
        return body;
    }

    private boolean expectsContinue() {
        return request.version() != HttpVersion.HTTP_1_0
                && request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true);
    }

    /**
     * Called before every answer. A body that was read needs nothing; otherwise the rest is
     * dropped and, if there may be any, the connection is closed after the answer.
     *
     * @param senderTooSlow close right after the answer, without waiting for the body
     */
    void releaseBeforeAnswer(boolean senderTooSlow) {
        if (fullyRead) {
            return;
        }

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

    /** Collects chunks on the event loop; hands the result to the waiting worker. */
    private static final class Collector {

        private final BoundedBuffer buffer;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();

        Collector(BoundedBuffer buffer) {
            this.buffer = buffer;
        }

        void chunk(Buffer chunk) {
            if (result.isDone()) {
                return;
            }
            byte[] bytes = chunk.getBytes();
            if (!buffer.append(bytes, 0, bytes.length)) {
                result.completeExceptionally(RequestRejected.because(IngestError.BODY_TOO_LARGE));
            }
        }

        void end(Void ignored) {
            result.complete(buffer.toByteArray());
        }

        void broken(Throwable failure) {
            result.completeExceptionally(RequestRejected.because(IngestError.INVALID_BODY));
        }

        byte[] await(long timeoutMillis) throws RequestRejected {
            try {
                return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException tooSlow) {
                result.completeExceptionally(tooSlow);
                throw RequestRejected.because(IngestError.BODY_TIMEOUT);
            } catch (ExecutionException failed) {
                throw (RequestRejected) failed.getCause();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw RequestRejected.because(IngestError.BODY_TIMEOUT);
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
