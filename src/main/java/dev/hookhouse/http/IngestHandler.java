package dev.hookhouse.http;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.http.ReceivedRequest.Admission;
import dev.hookhouse.registry.TokenHash;
import dev.hookhouse.spool.Spool;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.spool.SpoolUnavailableException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook contract, step by step. Checks run in this order and the first failure wins:
 *
 * <ol>
 *   <li>path other than {@code /}: 404 NOT_FOUND;</li>
 *   <li>method other than POST: {@code HEAD} gets 200 with no body (senders probe the URL;
 *       nothing is stored and the query is not checked), anything else 405
 *       METHOD_NOT_ALLOWED;</li>
 *   <li>query parameters: NO_PARAMETERS_PROVIDED, MISSING_PARAMETER, INVALID_PARAMETER (see
 *       {@link IngestParameters}); they come before anything about the body because they
 *       need no body, so a misconfigured sender is told without uploading;</li>
 *   <li>Content-Encoding, then Content-Type: 415 (the body could not be read as JSON);</li>
 *   <li>a Content-Length above the limit: 413 without reading;</li>
 *   <li>reading the body: 413 BODY_TOO_LARGE, 408 BODY_TIMEOUT;</li>
 *   <li>the body itself (see {@link StoredBody}): NO_BODY_PROVIDED, 413 when it inflates past
 *       the limit, INVALID_BODY;</li>
 *   <li>the spool write: 503 SPOOL_UNAVAILABLE with Retry-After;</li>
 *   <li>200, only after the spool has made the record durable.</li>
 * </ol>
 *
 * <p>Runs in two halves. Checks 1 to 6 run on the Vert.x event loop ({@link #receive}), so a
 * request holds no thread while its body arrives, however slowly it is sent; the rest runs on
 * a worker thread ({@link #answer}), which blocks while the spool forces its batch to disk.
 * Logs only at DEBUG and never the query string or the token.
 */
public final class IngestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final Spool spool;
    private final RequestStamp.Stamper stamper;
    private final BodyLimits limits;
    private final long bodyTimeoutMillis;
    private final long retryAfterSeconds;
    private final IngestObserver observer;
    private final BodyBudget budget;

    public IngestHandler(Spool spool, Clock clock, HookhouseConfig config,
            IngestObserver observer) {
        this.spool = spool;
        this.stamper = new RequestStamp.Stamper(clock);
        this.limits = new BodyLimits(config.number(HookhouseConfig.HTTP_MAX_BODY_BYTES));
        this.bodyTimeoutMillis = config.number(HookhouseConfig.HTTP_BODY_TIMEOUT_MS);
        this.retryAfterSeconds = config.number(HookhouseConfig.SPOOL_RETRY_AFTER_SECONDS);
        this.observer = observer;
        this.budget = new BodyBudget(config.number(HookhouseConfig.HTTP_MAX_BUFFERED_BYTES));
    }

    /** Bytes of bodies held in memory now, against hookhouse.http.max-buffered-bytes. */
    public long bufferedBytes() {
        return budget.heldBytes();
    }

    /**
     * The event-loop half: runs the checks that need no body, then reads the body without
     * holding a thread, and hands what it learned to {@code received}, once, on the event loop.
     * Never blocks and never throws.
     */
    public void receive(HttpServerRequest request, Vertx vertx,
            Consumer<ReceivedRequest> received) {
        IncomingBody body = new IncomingBody(request, budget);
        Admission admission;
        try {
            admission = admit(request);
        } catch (RequestRejected refusal) {
            refuse(body, refusal, received);
            return;
        } catch (RuntimeException bug) {
            LOG.error("ingest: unexpected failure while checking a request", bug);
            refuse(body, RequestRejected.because(IngestError.INTERNAL_ERROR), received);
            return;
        }
        if (admission == null) {
            body.releaseBeforeAnswer(false);
            received.accept(ReceivedRequest.probe(body));
            return;
        }

        long maxWireBytes = limits.maxWireBytes(admission.encoding());
        try {
            read(body, admission, vertx, maxWireBytes, received);
        } catch (RuntimeException bug) {
            LOG.error("ingest: unexpected failure while reading a body", bug);
            refuse(body, RequestRejected.because(IngestError.INTERNAL_ERROR), received);
        }
    }

    private void read(IncomingBody body, Admission admission, Vertx vertx, long maxWireBytes,
            Consumer<ReceivedRequest> received) {
        body.read(vertx, maxWireBytes, bodyTimeoutMillis, new IncomingBody.Outcome() {
            @Override
            public void read(byte[] wire) {
                received.accept(ReceivedRequest.read(body, admission, wire));
            }

            @Override
            public void refused(RequestRejected refusal) {
                refuse(body, refusal, received);
            }
        });
    }

    /**
     * Lets go of the rest of the body at once, on the event loop: a request that is not read
     * would otherwise end unseen while it waits for a worker, and leave the connection in doubt.
     */
    private static void refuse(IncomingBody body, RequestRejected refusal,
            Consumer<ReceivedRequest> received) {
        body.releaseBeforeAnswer(refusal.error() == IngestError.BODY_TIMEOUT);
        received.accept(ReceivedRequest.refused(body, refusal));
    }

    /**
     * The worker half: decodes and checks the body, makes it durable in the spool and answers.
     * Blocks while the spool forces its batch to disk; never throws.
     */
    public IngestResponse answer(ReceivedRequest received) {
        try {
            return answerOrThrow(received);
        } finally {
            received.body().releaseBudget();
        }
    }

    private IngestResponse answerOrThrow(ReceivedRequest received) {
        try {
            IngestResponse accepted = ingest(received);
            observer.answered(accepted.status(), IngestObserver.OK);
            return accepted;
        } catch (RequestRejected rejection) {
            LOG.debug("ingest: answered {}", rejection.code());
            observer.answered(rejection.error().httpStatus(), rejection.error().name());
            return IngestResponse.rejected(rejection, retryAfterSeconds);
        } catch (RuntimeException bug) {
            LOG.error("ingest: unexpected failure, answered 500 and stored nothing", bug);
            observer.answered(IngestError.INTERNAL_ERROR.httpStatus(),
                    IngestError.INTERNAL_ERROR.name());
            return IngestResponse.rejected(RequestRejected.because(IngestError.INTERNAL_ERROR),
                    retryAfterSeconds);
        }
    }

    /** Checks 1 to 5 of the contract; null for a {@code HEAD} probe, which needs no more. */
    private Admission admit(HttpServerRequest request) throws RequestRejected {
        if (!"/".equals(request.path())) {
            throw RequestRejected.because(IngestError.NOT_FOUND);
        }
        if (request.method() == HttpMethod.HEAD) {
            return null;
        }
        if (request.method() != HttpMethod.POST) {
            throw RequestRejected.because(IngestError.METHOD_NOT_ALLOWED);
        }

        RequestStamp stamp = stamper.next();
        IngestParameters parameters = IngestParameters.from(QueryString.parse(request.query()));
        ContentEncoding encoding = ContentEncoding.of(
                request.headers().getAll(HttpHeaders.CONTENT_ENCODING));
        BodyFormat format = BodyFormat.of(request.headers().getAll(HttpHeaders.CONTENT_TYPE));
        return new Admission(stamp, parameters, encoding, format);
    }

    private IngestResponse ingest(ReceivedRequest received) throws RequestRejected {
        if (received.refusal() != null) {
            throw received.refusal();
        }
        if (received.isProbe()) {
            return IngestResponse.probeAnswered();
        }

        Admission admission = received.admission();
        byte[] wire = received.wire();
        String stored = StoredBody.from(wire, admission.encoding(), admission.format(),
                limits.maxBodyBytes());

        // A sender that gave up while its request waited for a worker retries it: storing
        // this copy too would load it twice under two ids. (One that leaves after this check
        // and before the answer is stored; its retry is the at-least-once every webhook has.)
        if (received.body().connectionLost()) {
            throw RequestRejected.because(IngestError.INVALID_BODY);
        }

        RequestStamp stamp = admission.stamp();
        IngestParameters parameters = admission.parameters();
        append(new SpoolRecord(stamp.requestId(), stamp.timestamp(), parameters.pipelineId(),
                parameters.key(), TokenHash.sha256Hex(parameters.token()), stored));
        LOG.debug("ingest: stored {} for pipeline {} ({} bytes)", stamp.requestId(),
                parameters.pipelineId(), wire.length);
        return IngestResponse.accepted(stamp);
    }

    private void append(SpoolRecord record) throws RequestRejected {
        try {
            spool.append(record);
        } catch (SpoolUnavailableException unavailable) {
            LOG.debug("ingest: spool unavailable: {}", unavailable.getMessage());
            throw RequestRejected.because(IngestError.SPOOL_UNAVAILABLE);
        }
    }
}
