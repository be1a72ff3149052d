package dev.hookhouse.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.warehouse.PostgresTestDatabase;
import dev.hookhouse.warehouse.PostgresWarehouse;
import dev.hookhouse.warehouse.SqlIdentifier;
import dev.hookhouse.warehouse.TcpRelay;
import dev.hookhouse.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loader against a real PostgreSQL server, in a database of this class's own. */
class PostgresLoaderTest extends LoaderContractTest {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = PostgresTestDatabase.create(PostgresLoaderTest.class);
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

    @Override
    String asText(String column) {
        return SqlIdentifier.quote(column) + "::text";
    }

    @Override
    String truncatedJsonError() {
        return "invalid input syntax for type json";
    }

    /**
     * PostgreSQL 15's {@code json} type checks syntax only and takes a lone surrogate escape
     * as it is ({@code jsonb} would refuse it): the row is stored byte-exact.
     */
    @Override
    void assertLoneSurrogateOutcome(String body, String storedOrNull,
            List<SetAsideRecord> deadLetters) {
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8),
                storedOrNull.getBytes(StandardCharsets.UTF_8));
        assertTrue(deadLetters.isEmpty(), "nothing is dead-lettered: " + deadLetters);
    }

    @Test
    void aStoppedServerKeepsSegmentsAndTheBacklogDrainsWhenItReturns() throws Exception {
        try (TcpRelay relay = new TcpRelay("127.0.0.1", 5432)) {
            relay.start();
            warehouse.close();
            warehouse = new PostgresWarehouse(database.urlThrough(relay.port()),
                    PostgresTestDatabase.USER, "");
            loader = newLoader();
            segment(rows(0, 10));
            assertEquals(RunReport.Outcome.LOADED, loader.runOnce().outcome());

            relay.stop();
            segment(rows(10, 20));
            segment(rows(20, 30));
            RunReport down = loader.runOnce();

            assertEquals(RunReport.Outcome.FAILED, down.outcome());
            assertEquals(2, layout.sealedSegments().size(), "segments wait in the spool");
            assertEquals(1, loader.stats().consecutiveFailures());
            assertEquals(RunReport.Outcome.WAITING, loader.runOnce().outcome());

            relay.start();
            clock.advance(Duration.ofSeconds(1));
            RunReport back = loader.runOnce();

            assertEquals(RunReport.Outcome.LOADED, back.outcome(), back.failure());
            assertEquals(2, back.segmentsLoaded());
        }
        assertEquals(30, rowCount(TABLE));
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            expected.add(SpoolFixture.requestId(i));
        }
        assertEquals(expected, requestIds(TABLE));
        assertTrue(layout.sealedSegments().isEmpty());
        assertEquals(0, loader.stats().consecutiveFailures());
    }

    @Test
    void aClosedPortFailsTheRunAndLeavesTheSegment() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        warehouse.close();
        warehouse = new PostgresWarehouse(database.urlThrough(closedPort),
                PostgresTestDatabase.USER, "");
        loader = newLoader();
        segment(rows(0, 3));

        RunReport report = loader.runOnce();

        assertEquals(RunReport.Outcome.FAILED, report.outcome());
        assertTrue(report.failure().contains("cannot reach PostgreSQL"), report.failure());
        assertEquals(1, layout.sealedSegments().size());
        assertEquals(1, loader.stats().failedRuns());
    }

    private List<SpoolRecord> rows(int from, int to) {
        List<SpoolRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(valid(i, "{\"i\":" + i + "}"));
        }
        return records;
    }
}
