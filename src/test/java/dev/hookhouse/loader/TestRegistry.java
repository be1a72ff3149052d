package dev.hookhouse.loader;

import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.RegistrySnapshot;
import dev.hookhouse.registry.RegistrySource;
import dev.hookhouse.registry.TokenEntry;
import dev.hookhouse.registry.TokenHash;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens and pipelines held in maps: the registry as an input to the loader, like a config.
 * Stands in until the real registry lands; it follows the same rules (random UUID key, token
 * of 40+ letters and digits stored only as its hash).
 */
public final class TestRegistry implements RegistrySource {

    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

    private final Map<String, TokenEntry> tokens = new ConcurrentHashMap<>();
    private final Map<Long, PipelineEntry> pipelines = new ConcurrentHashMap<>();

    /** A key and the token that goes with it, as a sender has them. */
    public record Credentials(String key, String token) {
    }

    public Credentials createToken(String name) {
        String key = UUID.randomUUID().toString();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 48; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        tokens.put(key, new TokenEntry(key, name, TokenHash.sha256Hex(token.toString()), false,
                CREATED));
        return new Credentials(key, token.toString());
    }

    public void revoke(String key) {
        TokenEntry entry = tokens.get(key);
        tokens.put(key, new TokenEntry(key, entry.name(), entry.tokenSha256(), true,
                entry.createdAt()));
    }

    public void createPipeline(long id, String table) {
        pipelines.put(id, new PipelineEntry(id, "pipeline " + id, table, true, CREATED));
    }

    public void disablePipeline(long id) {
        PipelineEntry entry = pipelines.get(id);
        pipelines.put(id, new PipelineEntry(id, entry.name(), entry.table(), false,
                entry.createdAt()));
    }

    @Override
    public RegistrySnapshot snapshot() {
        return new RegistrySnapshot(Map.copyOf(tokens), Map.copyOf(pipelines));
    }
}
