package dev.hookhouse.http;

/**
 * What the event-loop half of the edge learned of a request, handed to the worker that
 * answers it: a refusal, a {@code HEAD} probe, or an admitted request with its whole body.
 */
final class ReceivedRequest {

    private final IncomingBody body;
    private final Admission admission;
    private final byte[] wire;
    private final RequestRejected refusal;

    private ReceivedRequest(IncomingBody body, Admission admission, byte[] wire,
            RequestRejected refusal) {
        this.body = body;
        this.admission = admission;
        this.wire = wire;
        this.refusal = refusal;
    }

    static ReceivedRequest refused(IncomingBody body, RequestRejected refusal) {
        return new ReceivedRequest(body, null, null, refusal);
    }

    static ReceivedRequest probe(IncomingBody body) {
        return new ReceivedRequest(body, null, null, null);
    }

    static ReceivedRequest read(IncomingBody body, Admission admission, byte[] wire) {
        return new ReceivedRequest(body, admission, wire, null);
    }

    IncomingBody body() {
        return body;
    }

    /** Null for a refusal or a probe. */
    Admission admission() {
        return admission;
    }

    /** The body as it came off the wire, before decoding; null unless admitted. */
    byte[] wire() {
        return wire;
    }

    /** Null unless refused. */
    RequestRejected refusal() {
        return refusal;
    }

    boolean isProbe() {
        return admission == null && refusal == null;
    }

    /**
     * A request that passed every check needing no body: when it arrived, who it is for and how
     * its body is to be read.
     */
    record Admission(RequestStamp stamp, IngestParameters parameters, ContentEncoding encoding,
            BodyFormat format) {
    }
}
