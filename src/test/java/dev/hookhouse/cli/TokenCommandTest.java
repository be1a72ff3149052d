package dev.hookhouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.RegistrySnapshot;
import dev.hookhouse.registry.TokenEntry;
import dev.hookhouse.registry.TokenHash;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookhouse token ...} end to end on the embedded SQLite registry. */
class TokenCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_LINE = Pattern.compile("key: +([0-9a-f-]{36})");
    private static final Pattern TOKEN_LINE = Pattern.compile("token: +([A-Za-z0-9]+)");

    @TempDir
    Path dir;

    String config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = writeConfig(dir, "hookhouse.data.dir=" + dir.resolve("data"),
                "hookhouse.public-url=https://hooks.example.com/");
    }

    static String writeConfig(Path dir, String... lines) throws Exception {
        Path file = dir.resolve("hookhouse.properties");
        Files.write(file, List.of(lines));
        return file.toString();
    }

    static RegistrySnapshot snapshot(String config) throws Exception {
        return Registry.open(HookhouseConfig.load(Path.of(config)), Clock.systemUTC())
                .snapshot();
    }

    @Test
    void createPrintsKeyAndTokenOnceWithAWarning() throws Exception {
        CliRun run = CliRun.of("token", "create", "--name", "stripe-prod", "--config", config);

        assertEquals(0, run.exitCode(), run.err());
        String key = find(KEY_LINE, run.out());
        String token = find(TOKEN_LINE, run.out());
        assertEquals(UUID.fromString(key).toString(), key);
        assertEquals(48, token.length());
        assertTrue(run.out().contains("cannot show it again"), run.out());
        assertTrue(run.out().contains("https://hooks.example.com/?pipeline_id=<ID>&key=" + key
                + "&token=" + token), run.out());

        TokenEntry stored = snapshot(config).tokensByKey().get(key);
        assertEquals("stripe-prod", stored.name());
        assertEquals(TokenHash.sha256Hex(token), stored.tokenSha256());
    }

    @Test
    void createWithJsonPrintsOnlyJsonWithKeyTokenAndState() throws Exception {
        CliRun run = CliRun.of("token", "create", "--name", "stripe-prod", "--json",
                "--config", config);

        assertEquals(0, run.exitCode(), run.err());
        JsonNode created = JSON.readTree(run.out());
        String key = created.get("key").asText();
        String token = created.get("token").asText();
        assertTrue(token.matches("[A-Za-z0-9]{48}"), token);
        assertEquals("stripe-prod", created.get("name").asText());
        assertEquals("active", created.get("state").asText());
        Instant.parse(created.get("created_at").asText());
        assertTrue(run.err().contains("cannot show it again"), run.err());
        assertEquals(TokenHash.sha256Hex(token),
                snapshot(config).tokensByKey().get(key).tokenSha256());
    }

    @Test
    void listShowsKeyNameStateAndTimeButNeverTheTokenOrItsHash() throws Exception {
        JsonNode first = createToken("first sender");
        JsonNode second = createToken("second sender");
        String firstHash = TokenHash.sha256Hex(first.get("token").asText());

        CliRun text = CliRun.of("token", "list", "--config", config);
        CliRun json = CliRun.of("token", "list", "--json", "--config", config);

        assertEquals(0, text.exitCode(), text.err());
        assertEquals(0, json.exitCode(), json.err());
        for (JsonNode created : new JsonNode[] {first, second}) {
            assertTrue(text.out().contains(created.get("key").asText()), text.out());
            for (CliRun run : new CliRun[] {text, json}) {
                assertFalse(run.out().contains(created.get("token").asText()), run.out());
                assertFalse(run.out().contains(firstHash), run.out());
            }
        }
        assertTrue(text.out().startsWith("KEY"), text.out());
        assertTrue(text.out().contains("first sender") && text.out().contains("active"));

        JsonNode listed = JSON.readTree(json.out());
        assertEquals(2, listed.size());
        assertEquals(first.get("key"), listed.get(0).get("key"));
        assertEquals("second sender", listed.get(1).get("name").asText());
        assertFalse(listed.get(0).has("token"));
    }

    @Test
    void emptyListSaysHowToCreateOne() throws Exception {
        CliRun text = CliRun.of("token", "list", "--config", config);
        CliRun json = CliRun.of("token", "list", "--json", "--config", config);

        assertTrue(text.out().contains("hookhouse token create"), text.out());
        assertEquals(0, JSON.readTree(json.out()).size());
    }

    @Test
    void revokeTakesEffectInTheNextSnapshotAndAgainChangesNothing() throws Exception {
        String key = createToken("leaked").get("key").asText();

        CliRun revoke = CliRun.of("token", "revoke", key, "--config", config);
        CliRun again = CliRun.of("token", "revoke", key, "--json", "--config", config);
        CliRun list = CliRun.of("token", "list", "--config", config);

        assertEquals(0, revoke.exitCode(), revoke.err());
        assertTrue(revoke.out().contains("Revoked token " + key), revoke.out());
        assertTrue(snapshot(config).tokensByKey().get(key).revoked());
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(JSON.readTree(again.out()).get("changed").asBoolean());
        assertEquals("revoked", JSON.readTree(again.out()).get("state").asText());
        assertTrue(list.out().contains("revoked"), list.out());
    }

    @Test
    void revokingAnUnknownKeyFailsWithExitCodeOne() {
        CliRun run = CliRun.of("token", "revoke", "no-such-key", "--config", config);

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no token has the key 'no-such-key'"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void missingOrBlankNameIsAUsageError() {
        CliRun missing = CliRun.of("token", "create", "--config", config);
        CliRun blank = CliRun.of("token", "create", "--name", "  ", "--config", config);

        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--name"), missing.err());
        assertEquals(2, blank.exitCode());
        assertTrue(blank.err().contains("needs a name"), blank.err());
    }

    @Test
    void helpDescribesTheOptionsAndTouchesNothing() {
        CliRun run = CliRun.of("token", "create", "--help", "--config", config);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("--name=NAME") && run.out().contains("--json"), run.out());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void badConfigurationIsRefusedBeforeTouchingTheRegistry() throws Exception {
        String bad = writeConfig(dir, "hookhouse.data.dir=" + dir.resolve("data"),
                "hookhouse.no-such-key=1");

        CliRun run = CliRun.of("token", "list", "--config", bad);

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("hookhouse.no-such-key"), run.err());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void unreachableRegistryFailsWithExitCodeOneAndNoPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String unreachable = writeConfig(dir,
                "hookhouse.registry.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/x",
                "hookhouse.registry.user=postgres", "hookhouse.registry.password=s3cret");

        CliRun run = CliRun.of("token", "create", "--name", "x", "--config", unreachable);

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("the registry at jdbc:postgresql://127.0.0.1:"
                + closedPort + "/x failed"), run.err());
        assertFalse(run.err().contains("s3cret"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    private JsonNode createToken(String name) throws Exception {
        CliRun run = CliRun.of("token", "create", "--name", name, "--json", "--config", config);
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), pattern + " not in: " + text);
        return matcher.group(1);
    }
}
