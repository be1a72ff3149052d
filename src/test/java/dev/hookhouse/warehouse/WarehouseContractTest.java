package dev.hookhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A warehouse session's load, below the loader: counts, duplicates and refused rows. */
abstract class WarehouseContractTest {

    static final String TIMESTAMP = "1577015690.3118637";

    Warehouse warehouse;

    abstract Warehouse newWarehouse() throws Exception;

    abstract Connection openReader() throws SQLException;

    @BeforeEach
    void openWarehouse() throws Exception {
        warehouse = newWarehouse();
    }

    @AfterEach
    void closeWarehouse() {
        warehouse.close();
    }

    static WarehouseRow row(int number, String body) {
        return new WarehouseRow(String.format("r%019d", number), TIMESTAMP, body);
    }

    LoadOutcome load(TableBatch... batches) throws WarehouseUnavailableException {
        try (Warehouse.Session session = warehouse.openSession()) {
            return session.load(List.of(batches));
        }
    }

    @Test
    void rowsAlreadyPresentAreSkippedAndNotCounted() throws Exception {
        List<WarehouseRow> first = List.of(row(1, "{}"), row(2, "{}"), row(3, "{}"));
        List<WarehouseRow> second = new ArrayList<>(first);
        second.add(row(4, "{}"));
        second.add(row(5, "{}"));

        assertEquals(3, load(new TableBatch("t", first)).rowsInserted());
        LoadOutcome again = load(new TableBatch("t", second));

        assertEquals(2, again.rowsInserted());
        assertEquals(5, count("t"));
    }

    @Test
    void badRowsAnywhereInALargeBatchAreRefusedAloneAndTheRestCommits() throws Exception {
        Set<Integer> bad = Set.of(0, 499, 500, 999);
        List<WarehouseRow> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row(i, bad.contains(i) ? "{\"cut\":" : "{\"i\":" + i + "}"));
        }

        LoadOutcome outcome = load(new TableBatch("t", rows), new TableBatch("u",
                List.of(row(5000, "[1]"))));

        Set<String> refusedIds = new TreeSet<>();
        outcome.refused().forEach(refused -> refusedIds.add(refused.row().requestId()));
        Set<String> expected = new TreeSet<>();
        bad.forEach(i -> expected.add(row(i, "").requestId()));
        assertEquals(expected, refusedIds);
        assertEquals(997, outcome.rowsInserted());
        assertEquals(996, count("t"));
        assertEquals(1, count("u"));
    }

    long count(String table) throws SQLException {
        try (Connection connection = openReader();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM "
                        + SqlIdentifier.quote(table))) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
