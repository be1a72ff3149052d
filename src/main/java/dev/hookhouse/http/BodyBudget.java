package dev.hookhouse.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of bodies held in memory at once, from their first byte until the spool has
 * written them or they were refused: bodies are read on the event loop without holding a
 * thread, so nothing else bounds how many are in memory while senders trickle or the disk is
 * slow. A body that would pass the budget is refused with 503 SPOOL_UNAVAILABLE and
 * Retry-After, before the server runs out of memory. Thread-safe.
 */
final class BodyBudget {

    private final long limitBytes;
    private final AtomicLong heldBytes = new AtomicLong();

    BodyBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Takes {@code bytes} from the budget, or nothing and returns false if they do not fit. */
    boolean tryTake(long bytes) {
        long held;
        do {
            held = heldBytes.get();
            if (held + bytes > limitBytes) {
                return false;
            }
        } while (!heldBytes.compareAndSet(held, held + bytes));
        return true;
    }

    void give(long bytes) {
        heldBytes.addAndGet(-bytes);
    }

    long heldBytes() {
        return heldBytes.get();
    }
}
