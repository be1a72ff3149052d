package dev.hookhouse.loader;

/** A reason to set a record aside, with a detail an operator can act on. */
public record Rejection(RejectReason reason, String detail) {
}
