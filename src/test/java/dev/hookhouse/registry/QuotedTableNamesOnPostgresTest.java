package dev.hookhouse.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookhouse.warehouse.SqlIdentifier;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Quoted table names on a real PostgreSQL server, one database per test. */
class QuotedTableNamesOnPostgresTest extends QuotedTableNamesContractTest {

    private PostgresTestDatabase database;

    @BeforeEach
    void createDatabase() throws Exception {
        database = PostgresTestDatabase.create("quoting");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
    }

    @Override
    Connection connect() throws Exception {
        return database.connect();
    }

    /** Why the registry refuses table names over 63 bytes. */
    @Test
    void postgresCutsLongerNamesWithoutAnError() throws Exception {
        String sixtyFour = "b".repeat(TableName.MAX_BYTES + 1);

        try (Connection warehouse = connect()) {
            execute(warehouse, "CREATE TABLE " + SqlIdentifier.quote(sixtyFour) + " (id INTEGER)");

            assertEquals(List.of(), tablesNamedExactly(warehouse, sixtyFour));
            assertEquals(List.of(sixtyFour.substring(1)),
                    tablesNamedExactly(warehouse, sixtyFour.substring(1)));
        }
    }
}
