package dev.hookhouse.registry;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract on a real PostgreSQL server, in a database of this class's own. */
class PostgresRegistryTest extends RegistryContractTest {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = PostgresTestDatabase.create("registry");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @Override
    RegistryConnections emptyDatabase() throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS hookhouse_tokens, hookhouse_pipelines, "
                    + RegistrySchema.VERSION_TABLE);
        }
        return connections();
    }

    @Override
    RegistryConnections connections() {
        return RegistryConnections.forUrl(database.url(), PostgresTestDatabase.USER, "");
    }
}
