package dev.hookhouse.registry;

/**
 * A registry request that cannot be done as asked: bad input, an entry that does not exist, or
 * one that clashes with another. The message is meant for the person at the command line.
 * Database failures are {@link java.sql.SQLException}s instead: they may succeed on retry.
 */
public final class RegistryException extends RuntimeException {

    /** Why the request was refused; the CLI turns {@link #INVALID} into a usage error. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
