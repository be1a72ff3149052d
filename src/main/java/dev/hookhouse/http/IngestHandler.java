package dev.hookhouse.http;

import dev.hookhouse.registry.TokenHash;
import dev.hookhouse.spool.Spool;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.spool.SpoolUnavailableException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
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
 * <p>Runs on a Vert.x worker thread: it blocks while the body arrives and while the spool
 * forces its batch to disk. Logs only at DEBUG and never the query string or the token.
 */
public final class IngestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final Spool spool;
    private final RequestStamp.Stamper stamper;
    private final BodyLimits limits;
    private final long bodyTimeoutMillis;
    private final long retryAfterSeconds;
    private final IngestObserver observer;

    public IngestHandler(Spool spool, Clock clock, long maxBodyBytes, long bodyTimeoutMillis,
            long retryAfterSeconds) {
        this(spool, clock, maxBodyBytes, bodyTimeoutMillis, retryAfterSeconds,
                IngestObserver.NONE);
    }

    public IngestHandler(Spool spool, Clock clock, long maxBodyBytes, long bodyTimeoutMillis,
            long retryAfterSeconds, IngestObserver observer) {
        this.spool = spool;
        this.stamper = new RequestStamp.Stamper(clock);
        this.limits = new BodyLimits(maxBodyBytes);
        this.bodyTimeoutMillis = bodyTimeoutMillis;
        this.retryAfterSeconds = retryAfterSeconds;
        this.observer = observer;
    }

    /** Answers one request; never throws. */
    public IngestResponse handle(HttpServerRequest request) {
        IncomingBody body = new IncomingBody(request);
        try {
            IngestResponse accepted = ingest(request, body);
            body.releaseBeforeAnswer(false);
            observer.answered(accepted.status(), IngestObserver.OK);
            return accepted;
        } catch (RequestRejected rejection) {
            LOG.debug("ingest: answered {}", rejection.code());
            body.releaseBeforeAnswer(rejection.error() == IngestError.BODY_TIMEOUT);
            observer.answered(rejection.error().httpStatus(), rejection.error().name());
            return IngestResponse.rejected(rejection, retryAfterSeconds);
        } catch (RuntimeException bug) {
            LOG.error("ingest: unexpected failure, answered 500 and stored nothing", bug);
            body.releaseBeforeAnswer(true);
            observer.answered(IngestError.INTERNAL_ERROR.httpStatus(),
                    IngestError.INTERNAL_ERROR.name());
            return IngestResponse.rejected(RequestRejected.because(IngestError.INTERNAL_ERROR),
                    retryAfterSeconds);
        }
    }

    private IngestResponse ingest(HttpServerRequest request, IncomingBody body)
            throws RequestRejected {
        if (!"/".equals(request.path())) {
            throw RequestRejected.because(IngestError.NOT_FOUND);
        }
        if (request.method() == HttpMethod.HEAD) {
            return IngestResponse.probeAnswered();
        }
        if (request.method() != HttpMethod.POST) {
            throw RequestRejected.because(IngestError.METHOD_NOT_ALLOWED);
        }

        RequestStamp stamp = stamper.next();
        IngestParameters parameters = IngestParameters.from(QueryString.parse(request.query()));
        ContentEncoding encoding = ContentEncoding.of(
                request.headers().getAll(HttpHeaders.CONTENT_ENCODING));
        BodyFormat format = BodyFormat.of(request.headers().getAll(HttpHeaders.CONTENT_TYPE));

        byte[] wire = body.read(limits.maxWireBytes(encoding), bodyTimeoutMillis);
        String stored = StoredBody.from(wire, encoding, format, limits.maxBodyBytes());

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
