package dev.hookhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresWarehouseTest extends WarehouseContractTest {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PostgresTestDatabase.create(PostgresWarehouseTest.class);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        database.close();
    }

    @Override
    Warehouse newWarehouse() throws SQLException {
        database.reset();
        return new PostgresWarehouse(database.url(), PostgresTestDatabase.USER, "");
    }

    @Override
    Connection openReader() throws SQLException {
        return database.connect();
    }

    @Test
    void aBodyHoldingTheNulCharacterIsRefusedAndTheRestCommits() throws Exception {
        LoadOutcome outcome = load(new TableBatch("t", List.of(row(1, "{}"),
                row(2, "{\"a\":\"x\0y\"}"), row(3, "{}"))));

        assertEquals(1, outcome.refused().size());
        assertTrue(outcome.refused().get(0).error().contains("U+0000"));
        assertEquals(2, count("t"));
    }

    @Test
    void aBodyHoldingNewlineEscapesAndQuotesSurvivesTheCsvCopy() throws Exception {
        String body = "{\"text\":\"line\\nnext \\\"quoted\\\", comma\",\n \"raw\": \"\\\\N\"}\r\n";

        load(new TableBatch("t", List.of(row(1, body))));

        try (Connection connection = openReader();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT __kdd_request_body::text FROM t")) {
            rows.next();
            assertEquals(body, rows.getString(1));
        }
    }
}
