package dev.hookhouse.cli;

import static dev.hookhouse.cli.TokenCommandTest.JSON;
import static dev.hookhouse.cli.TokenCommandTest.snapshot;
import static dev.hookhouse.cli.TokenCommandTest.writeConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookhouse.registry.PostgresTestDatabase;
import dev.hookhouse.registry.RegistrySnapshot;
import dev.hookhouse.registry.TokenHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same commands with the registry on a real PostgreSQL server, as shared servers use it. */
class RegistryCommandsOnPostgresTest {

    private static PostgresTestDatabase database;

    @TempDir
    Path dir;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PostgresTestDatabase.create("registry_cli");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void tokensAndPipelinesLiveInPostgresAndChangesReachTheSnapshot() throws Exception {
        String config = writeConfig(dir, "hookhouse.data.dir=" + dir.resolve("data"),
                "hookhouse.registry.url=" + database.url(),
                "hookhouse.registry.user=" + PostgresTestDatabase.USER);

        JsonNode token = json("token", "create", "--name", "pg sender", "--json",
                "--config", config);
        JsonNode pipeline = json("pipeline", "create", "--name", "PG Orders", "--json",
                "--config", config);
        String key = token.get("key").asText();
        long id = pipeline.get("id").asLong();
        RegistrySnapshot before = snapshot(config);
        json("token", "revoke", key, "--json", "--config", config);
        json("pipeline", "disable", Long.toString(id), "--json", "--config", config);
        RegistrySnapshot after = snapshot(config);

        assertEquals(TokenHash.sha256Hex(token.get("token").asText()),
                before.tokensByKey().get(key).tokenSha256());
        assertEquals("pg_orders", before.pipelinesById().get(id).table());
        assertTrue(before.pipelinesById().get(id).enabled());
        assertTrue(after.tokensByKey().get(key).revoked());
        assertFalse(after.pipelinesById().get(id).enabled());
        assertEquals(1, count("hookhouse_tokens"));
        assertEquals(1, count("hookhouse_pipelines"));
        assertFalse(Files.exists(dir.resolve("data").resolve("registry.db")));
    }

    private static JsonNode json(String... args) throws Exception {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    private static int count(String table) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
