package dev.hookhouse.spool;

/**
 * The spool could not make a record durable (disk full, I/O error, shutting down). The caller
 * must not acknowledge the request: nothing it asked for was stored.
 */
public final class SpoolUnavailableException extends Exception {

    public SpoolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SpoolUnavailableException(String message) {
        super(message);
    }
}
