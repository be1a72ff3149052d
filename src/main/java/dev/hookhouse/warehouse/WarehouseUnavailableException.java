package dev.hookhouse.warehouse;

/**
 * The warehouse could not take a segment now: unreachable, locked by another process, out of
 * space, or refusing the statement itself. Nothing of the segment was committed, so the whole
 * segment can be tried again later.
 */
public final class WarehouseUnavailableException extends Exception {

    public WarehouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
