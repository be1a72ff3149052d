package dev.hookhouse.registry;

import java.time.Instant;

/**
 * A token as the registry keeps it: the key is public, the token itself is only ever stored as
 * its SHA-256 hash.
 */
public record TokenEntry(
        String key,
        String name,
        String tokenSha256,
        boolean revoked,
        Instant createdAt) {
}
