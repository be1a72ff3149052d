package dev.hookhouse.ops;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;

/**
 * The health-check registry that camel-main's management server asks for
 * {@code /observe/health}, {@code /observe/health/live} and {@code /observe/health/ready}.
 *
 * <p>Camel's own registry lives in camel-health, which this build does not include; without
 * any registry the management server fails every health request with a 500. This one holds
 * exactly the checks Hookhouse registers, in order, and nothing Camel would discover by itself
 * (route and consumer checks): the webhook route and the loader's timer are covered by the
 * spool, loader and shutdown checks, which say more.
 */
final class ReadinessRegistry implements HealthCheckRegistry {

    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private CamelContext camelContext;
    private String id = "hookhouse-health";
    private volatile boolean enabled = true;
    // Details of DOWN checks only; ?exposureLevel=full on a request shows every check.
    private volatile String exposureLevel = "default";
    private volatile HealthCheck.State initialState = HealthCheck.State.DOWN;

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Object resolveById(String checkId) {
        return getCheck(checkId).orElse(null);
    }

    @Override
    public boolean register(Object check) {
        if (!(check instanceof HealthCheck healthCheck) || checks.contains(healthCheck)) {
            return false;
        }
        checks.add(healthCheck);
        return true;
    }

    @Override
    public boolean unregister(Object check) {
        return checks.remove(check);
    }

    @Override
    public Optional<HealthCheck> getCheck(String checkId) {
        return checks.stream().filter(check -> check.getId().equals(checkId)).findFirst();
    }

    @Override
    public Optional<HealthCheckRepository> getRepository(String repositoryId) {
        return Optional.empty();
    }

    @Override
    public Stream<HealthCheck> stream() {
        return enabled ? checks.stream() : Stream.empty();
    }

    @Override
    public void loadHealthChecks() {
        // Nothing to discover: Hookhouse registers its checks itself.
    }

    /** No check is ever excluded: each of Hookhouse's checks guards something real. */
    @Override
    public String getExcludePattern() {
        return null;
    }

    @Override
    public void setExcludePattern(String ignored) {
        // See getExcludePattern.
    }

    @Override
    public boolean isExcluded(HealthCheck healthCheck) {
        return false;
    }

    @Override
    public void setExposureLevel(String exposureLevel) {
        this.exposureLevel = exposureLevel;
    }

    @Override
    public String getExposureLevel() {
        return exposureLevel;
    }

    /** Kept for the interface; Hookhouse's checks compute their state on every call. */
    @Override
    public void setInitialState(HealthCheck.State initialState) {
        this.initialState = initialState;
    }

    @Override
    public HealthCheck.State getInitialState() {
        return initialState;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void setId(String id) {
        this.id = id;
    }

    @Override
    public void start() {
        // Holds no resources.
    }

    @Override
    public void stop() {
        // Holds no resources.
    }
}
