package dev.hookhouse.ops;

import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * A check that only readiness asks: a Hookhouse that cannot spool or load should get no new
 * traffic, but restarting it (what a failed liveness check leads to) would not mend a full disk
 * or a warehouse outage, and would drop the requests in flight.
 */
abstract class ReadinessCheck implements HealthCheck {

    static final String GROUP = "hookhouse";

    private final String id;
    private volatile boolean enabled = true;

    ReadinessCheck(String id) {
        this.id = id;
    }

    /** Sets the result's state, message and details from the live state. */
    abstract void check(HealthCheckResultBuilder result);

    @Override
    public final Result call(Map<String, Object> options) {
        HealthCheckResultBuilder result = HealthCheckResultBuilder.on(this);
        check(result);
        return result.build();
    }

    @Override
    public final boolean isReadiness() {
        return true;
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    @Override
    public String getGroup() {
        return GROUP;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
