package dev.hookhouse.registry;

/**
 * A token just created: the stored entry and the token itself, which exists only here. It is
 * handed back once and never stored, logged or shown again.
 */
public record CreatedToken(TokenEntry entry, String token) {

    @Override
    public String toString() {
        return "CreatedToken[entry=" + entry + ", token=(hidden)]";
    }
}
