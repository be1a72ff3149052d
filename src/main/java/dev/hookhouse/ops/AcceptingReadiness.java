package dev.hookhouse.ops;

import org.apache.camel.health.HealthCheckResultBuilder;

/** Down from the moment a graceful stop begins, so a load balancer stops sending at once. */
final class AcceptingReadiness extends ReadinessCheck {

    static final String ID = "hookhouse-accepting";

    private final DrainGate gate;

    AcceptingReadiness(DrainGate gate) {
        super(ID);
        this.gate = gate;
    }

    @Override
    void check(HealthCheckResultBuilder result) {
        if (gate.draining()) {
            result.down().message("stopping: new requests are answered 503 "
                    + DrainGate.SHUTTING_DOWN);
            return;
        }
        result.up();
    }
}
