package dev.hookhouse.registry;

/**
 * The outcome of revoking a token or disabling or enabling a pipeline: the entry as it is now,
 * and whether this request changed it (false when it was already in that state).
 */
public record StateChange<E>(E entry, boolean changed) {
}
