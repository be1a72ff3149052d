package dev.hookhouse.e2e;

import java.time.Duration;

/**
 * How hard the torture suite ({@code *TortureTest}) pushes. {@code ./mvnw verify}, and so
 * {@code .ci/run}, runs the CI-sized subset: every scenario, with fewer rounds and shorter
 * outages. {@code bench/torture.sh} runs the full suite with {@code -Dhookhouse.torture=full}:
 * the sizes the durability claims in the README are made at.
 */
final class TortureScale {

    static final String PROPERTY = "hookhouse.torture";

    private TortureScale() {
    }

    static boolean full() {
        return "full".equals(System.getProperty(PROPERTY, "ci"));
    }

    static int pick(int ciSize, int fullSize) {
        return full() ? fullSize : ciSize;
    }

    static Duration pick(Duration ciSize, Duration fullSize) {
        return full() ? fullSize : ciSize;
    }
}
