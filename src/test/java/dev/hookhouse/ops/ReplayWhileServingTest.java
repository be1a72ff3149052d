package dev.hookhouse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.loader.LoaderStats;
import dev.hookhouse.loader.RejectReason;
import dev.hookhouse.registry.PostgresTestDatabase;
import dev.hookhouse.spool.SpoolLayout;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay beside a running server loading into PostgreSQL: replaying loaded records changes no
 * row, the server's own segments and the replayed ones never collide while senders keep
 * posting, and a dead-letter record replayed after its cause is fixed lands.
 */
class ReplayWhileServingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFUSED_BODY = "{\"refuse_me\": true}";

    @TempDir
    Path dir;

    private PostgresTestDatabase database;

    @BeforeEach
    void createDatabase() throws Exception {
        database = PostgresTestDatabase.create("ops_replay");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void replayingLoadedRecordsIsHarmlessAndAFixedDeadLetterLands() throws Exception {
        HookhouseConfig config = OpsServer.config(dir, Map.of(
                HookhouseConfig.WAREHOUSE_URL.key(), database.url(),
                HookhouseConfig.WAREHOUSE_USER.key(), PostgresTestDatabase.USER));
        try (OpsServer server = OpsServer.start(config, Clock.systemUTC())) {
            LoaderStats loader = server.server().loader().loader().stats();
            // A hand-made check the loader's rows must pass: one body breaks it.
            execute("CREATE TABLE " + server.table() + " (__kdd_request_id text PRIMARY KEY,"
                    + " __kdd_request_unix_timestamp numeric(18,7), __kdd_request_body json,"
                    + " CONSTRAINT no_refusals CHECK (__kdd_request_body::text"
                    + " NOT LIKE '%refuse_me%'))");

            Map<String, String> bodiesById = new HashMap<>();
            for (String file : SharedCases.JSON_BODIES) {
                bodiesById.put(post(server, SharedCases.text(file)), SharedCases.text(file));
            }
            String refusedId = post(server, REFUSED_BODY);
            int cases = SharedCases.JSON_BODIES.length;
            OpsServer.await(() -> loader.rowsLoaded() == cases
                    && loader.setAside(RejectReason.WAREHOUSE_REFUSED) == 1,
                    Duration.ofSeconds(30), "loading the cases and refusing one");
            assertEquals(cases, rowCount(server));

            Path configFile = Cli.configFile(dir, config, Map.of());
            Cli replay = Cli.run(configFile, "replay", "--json");
            assertEquals(0, replay.exitCode(), replay.err());
            JsonNode replayed = JSON.readTree(replay.out());
            assertEquals(cases + 1, replayed.path("records").asInt(), replay.out());
            for (int i = 0; i < 3; i++) {
                bodiesById.put(post(server, "{\"during_replay\": " + i + "}"),
                        "{\"during_replay\": " + i + "}");
            }
            awaitIncomingEmpty(server);

            assertEquals(cases + 3, rowCount(server), "replayed rows are not duplicated");
            assertEquals(2, loader.setAside(RejectReason.WAREHOUSE_REFUSED),
                    "the replayed refused row is refused again");
            assertTrue(loader.rowsLoaded() >= 2L * cases + 3, "the replay was loaded");
            assertEquals(0, loader.failedRuns());
            assertBodies(server, bodiesById);

            execute("ALTER TABLE " + server.table() + " DROP CONSTRAINT no_refusals");
            Cli deadLetters = Cli.run(configFile, "replay", "--area", "dead-letter", "--json");
            assertEquals(0, deadLetters.exitCode(), deadLetters.err());
            JsonNode fromDeadLetter = JSON.readTree(deadLetters.out());
            assertEquals(1, fromDeadLetter.path("records").asInt(), deadLetters.out());
            assertEquals(1, fromDeadLetter.path("duplicates").asInt());
            awaitIncomingEmpty(server);

            assertEquals(cases + 4, rowCount(server));
            bodiesById.put(refusedId, REFUSED_BODY);
            assertBodies(server, bodiesById);
        }
    }

    private static String post(OpsServer server, String body) throws Exception {
        HttpResponse<String> answer = server.post(body);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).path("data").path("__kdd_request_id").asText();
    }

    private void awaitIncomingEmpty(OpsServer server) throws InterruptedException {
        SpoolLayout layout = new SpoolLayout(dir.resolve("spool"));
        OpsServer.await(() -> {
            try {
                return layout.sealedSegments().isEmpty()
                        && SpoolLayout.list(layout.incoming(), SpoolLayout.OPEN).isEmpty();
            } catch (java.io.IOException unreadable) {
                throw new java.io.UncheckedIOException(unreadable);
            }
        }, Duration.ofSeconds(30), "the loader emptying incoming/");
    }

    private long rowCount(OpsServer server) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM "
                        + server.table())) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void assertBodies(OpsServer server, Map<String, String> bodiesById)
            throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT __kdd_request_id,"
                        + " __kdd_request_body::text FROM " + server.table())) {
            Map<String, String> stored = new HashMap<>();
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getString(2));
            }
            assertEquals(bodiesById, stored, "every row once, byte-exact");
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
