package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.server.HookhouseServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials are checked by the loader, not the edge: every request below is answered 200.
 * Each bad one must then end in the rejected area with its reason, as {@code rejected list
 * --json} shows it, and nowhere else: not in any table, not in the dead-letter area. The one
 * valid request lands in its table.
 */
class AuthenticationEndToEndTest {

    /** Pipeline ids are six digits or more, so this one never exists. */
    private static final long UNKNOWN_PIPELINE_ID = 4242;
    private static final String WRONG_TOKEN = "WrongToken0123456789abcdefghijklmnopqrstuvwxyzAB";
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** A request whose fate is known in advance: a reason, or null when it must land. */
    private record Attempt(String label, URI url, String expectedReason) {
    }

    @Test
    void badCredentialsEndInTheRejectedAreaWithTheirReasonAndNowhereElse() throws Exception {
        Installation installation = Installation.in(dir)
                .with(HookhouseConfig.SPOOL_SEAL_AFTER_MS, "100")
                .with(HookhouseConfig.LOADER_INTERVAL_MS, "100");
        Registry registry = installation.registry(Clock.systemUTC());
        CreatedToken valid = registry.createToken("valid sender");
        CreatedToken revoked = registry.createToken("former sender");
        PipelineEntry enabled = registry.createPipeline("Orders", null);
        PipelineEntry disabled = registry.createPipeline("Old orders", null);
        registry.revokeToken(revoked.entry().key());
        registry.disablePipeline(disabled.id());
        StoredRows warehouse = StoredRows.inProcess(installation.config());

        Map<String, Attempt> attemptsById = new LinkedHashMap<>();
        try (HookhouseServer server = HookhouseServer.start(installation.config(),
                Clock.systemUTC())) {
            int port = server.httpPort();
            String key = valid.entry().key();
            List<Attempt> attempts = List.of(
                    new Attempt("unknown key", Webhook.url(port, enabled.id(),
                            UUID.randomUUID().toString(), valid.token()), "UNKNOWN_KEY"),
                    new Attempt("wrong token", Webhook.url(port, enabled.id(), key,
                            WRONG_TOKEN), "TOKEN_MISMATCH"),
                    new Attempt("revoked token", Webhook.url(port, enabled.id(),
                            revoked.entry().key(), revoked.token()), "TOKEN_REVOKED"),
                    new Attempt("unknown pipeline", Webhook.url(port, UNKNOWN_PIPELINE_ID, key,
                            valid.token()), "UNKNOWN_PIPELINE"),
                    new Attempt("disabled pipeline", Webhook.url(port, disabled.id(), key,
                            valid.token()), "PIPELINE_DISABLED"),
                    new Attempt("valid", Webhook.url(port, enabled.id(), key, valid.token()),
                            null));
            for (Attempt attempt : attempts) {
                attemptsById.put(post(attempt), attempt);
            }

            Poll.until("every request loaded or rejected", LOAD_TIMEOUT, 100,
                    () -> RejectedList.read(installation.configFile()).size() == 5
                            && !warehouse.rows(enabled.table()).isEmpty()
                            && installation.nothingWaitsForTheLoader(),
                    () -> "listed: " + RejectedList.read(installation.configFile()));
        }

        Map<String, RejectedList.Entry> listed = RejectedList.read(installation.configFile())
                .stream().collect(Collectors.toMap(RejectedList.Entry::requestId,
                        entry -> entry));
        for (Map.Entry<String, Attempt> posted : attemptsById.entrySet()) {
            assertFate(posted.getKey(), posted.getValue(), listed.get(posted.getKey()));
        }
        assertEquals(5, listed.size(), "one listing per bad request: " + listed);
        assertEquals(Set.of(validId(attemptsById)), warehouse.rows(enabled.table()).keySet(),
                "only the valid request is in the pipeline's table");
        assertEquals(Map.of(), warehouse.rows(disabled.table()),
                "nothing reaches the disabled pipeline's table");
    }

    private static String post(Attempt attempt) throws Exception {
        Webhook.Answer answer = Webhook.postJson(attempt.url(),
                "{\"attempt\":\"" + attempt.label() + "\"}");
        assertEquals(200, answer.status(), attempt.label() + ": " + answer.body());
        return answer.requestId();
    }

    private static void assertFate(String requestId, Attempt attempt,
            RejectedList.Entry listing) {
        if (attempt.expectedReason() == null) {
            assertEquals(null, listing, "the valid request is not set aside");
            return;
        }
        assertTrue(listing != null, attempt.label() + " is not in rejected list");
        assertEquals(attempt.expectedReason(), listing.reason(), attempt.label());
        assertEquals("rejected", listing.area(), attempt.label() + " is in the rejected area");
        assertEquals(pipelineIdOf(attempt.url()), listing.pipelineId(), attempt.label());
    }

    private static long pipelineIdOf(URI url) {
        String query = url.getQuery();
        String id = query.substring("pipeline_id=".length(), query.indexOf('&'));
        return Long.parseLong(id);
    }

    private static String validId(Map<String, Attempt> attemptsById) {
        return attemptsById.entrySet().stream()
                .filter(posted -> posted.getValue().expectedReason() == null)
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
