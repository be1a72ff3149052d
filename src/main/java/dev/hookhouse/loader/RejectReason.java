package dev.hookhouse.loader;

/**
 * Why a spooled record was set aside instead of loaded. The first five are authentication
 * failures, checked in the order listed here (see {@link Authenticator}).
 */
public enum RejectReason {
    /** No token has the key the sender used. */
    UNKNOWN_KEY,
    /** The token does not hash to what the key's entry holds. */
    TOKEN_MISMATCH,
    /** Right key and token, but the token was revoked. */
    TOKEN_REVOKED,
    /** Valid credentials for a pipeline id that does not exist. */
    UNKNOWN_PIPELINE,
    /** Valid credentials for a pipeline that is disabled. */
    PIPELINE_DISABLED,
    /** A segment line that is not a record (damage on disk); kept as raw bytes. */
    CORRUPT_LINE,
    /** Authenticated, but the warehouse refused the row; goes to the dead-letter area. */
    WAREHOUSE_REFUSED
}
