package dev.hookhouse.loader;

import static dev.hookhouse.loader.SpoolFixture.record;
import static dev.hookhouse.loader.SpoolFixture.requestId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.testing.TestClock;
import dev.hookhouse.warehouse.SharedCases;
import dev.hookhouse.warehouse.SqlIdentifier;
import dev.hookhouse.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader must do in every warehouse: each dialect's test class runs these against a
 * real database (a DuckDB file, a PostgreSQL server).
 */
abstract class LoaderContractTest {

    static final long PIPELINE = 835212;
    static final String TABLE = "webhooks";

    @TempDir
    Path temp;

    TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:00Z"));
    TestRegistry registry = new TestRegistry();
    TestRegistry.Credentials sender;
    Path spoolDir;
    SpoolLayout layout;
    Warehouse warehouse;
    Loader loader;

    /** A fresh, empty warehouse for one test. */
    abstract Warehouse newWarehouse() throws Exception;

    /** A connection to read the warehouse back with, outside the loader. */
    abstract Connection openReader() throws SQLException;

    /** SQL that reads a column back as the text the database holds. */
    abstract String asText(String column);

    /** What the dialect does with B04 (a lone surrogate escape); each asserts its own. */
    abstract void assertLoneSurrogateOutcome(String body, String storedOrNull,
            List<SetAsideRecord> deadLetters) throws Exception;

    /** A fragment of the error the dialect gives for a truncated JSON body. */
    abstract String truncatedJsonError();

    @BeforeEach
    void createLoader() throws Exception {
        spoolDir = temp.resolve("spool");
        layout = new SpoolLayout(spoolDir).create();
        sender = registry.createToken("sender");
        registry.createPipeline(PIPELINE, TABLE);
        warehouse = newWarehouse();
        loader = newLoader();
    }

    Loader newLoader() {
        return new Loader(layout, registry, warehouse,
                new LoaderOptions(Duration.ofHours(168), 1_000, 8_000, 10_000), clock);
    }

    @AfterEach
    void closeWarehouse() {
        warehouse.close();
    }

    SpoolRecord valid(int number, String body) {
        return record(number, PIPELINE, sender.key(), sender.token(), body);
    }

    Path segment(List<SpoolRecord> records) throws Exception {
        return SpoolFixture.writeSegment(spoolDir, clock, records);
    }

    @Test
    void everyCaseBodyIsStoredExactlyAsSent() throws Exception {
        Map<String, String> bodies = SharedCases.storedBodies();
        Map<String, String> idByCase = new HashMap<>();
        List<SpoolRecord> records = new ArrayList<>();
        for (String name : bodies.keySet()) {
            idByCase.put(name, requestId(records.size()));
            records.add(valid(records.size(), bodies.get(name)));
        }
        segment(records);

        RunReport report = loader.runOnce();

        assertEquals(RunReport.Outcome.LOADED, report.outcome(), report.failure());
        List<SetAsideRecord> deadLetters = deadLetters();
        for (String name : bodies.keySet()) {
            String stored = storedBody(TABLE, idByCase.get(name));
            if (name.startsWith("B04")) {
                assertLoneSurrogateOutcome(bodies.get(name), stored, deadLetters);
                continue;
            }
            assertNotNull(stored, name + " is not in the warehouse");
            assertArrayEquals(bodies.get(name).getBytes(StandardCharsets.UTF_8),
                    stored.getBytes(StandardCharsets.UTF_8), name + " changed on the way");
        }
        assertEquals(SpoolFixture.TIMESTAMP, storedTimestamp(TABLE, idByCase.get(
                "A01_github_push_new_branch.json")));
        assertTrue(files(layout.rejected()).isEmpty(), "nothing may be rejected");
    }

    @Test
    void formBodyIsStoredAsTheObjectOfItsDecodedFields() throws Exception {
        String form = SharedCases.text("A10_twilio_inbound_sms.form");
        segment(List.of(valid(1, SharedCases.formAsJson(form))));

        loader.runOnce();

        JsonNode stored = new ObjectMapper().readTree(storedBody(TABLE, requestId(1)));
        assertEquals("hi there, 2+3=4", stored.get("Body").asText());
        assertEquals("+15005550009", stored.get("From").asText());
    }

    @Test
    void oneRowTheWarehouseRefusesDoesNotSinkItsBatch() throws Exception {
        List<SpoolRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(valid(i, "{\"n\":" + i + "}"));
        }
        // The edge answers 400 to this body; a spool from an older version, or edited by
        // hand, could still hold it, and no JSON column takes it.
        records.add(20, valid(99, SharedCases.truncatedJson()));
        Path sealed = segment(records);

        RunReport report = loader.runOnce();

        assertEquals(RunReport.Outcome.LOADED, report.outcome(), report.failure());
        assertEquals(40, rowCount(TABLE));
        assertNull(storedBody(TABLE, requestId(99)));
        List<SetAsideRecord> deadLetters = deadLetters();
        assertEquals(1, deadLetters.size());
        SetAsideRecord dead = deadLetters.get(0);
        assertEquals(RejectReason.WAREHOUSE_REFUSED, dead.reason());
        assertTrue(dead.detail().contains(truncatedJsonError()), dead.detail());
        assertEquals(requestId(99), dead.record().requestId());
        assertEquals(SharedCases.truncatedJson(), dead.record().body());
        assertEquals(TABLE, dead.table());
        assertEquals(sealed.getFileName().toString(), dead.segment());
        assertEquals(1, loader.stats().deadLettered());
        assertEquals(40, loader.stats().rowsLoaded(PIPELINE));
    }

    @Test
    void eachAuthenticationFailureEndsInTheRejectedAreaOnly() throws Exception {
        TestRegistry.Credentials revoked = registry.createToken("old sender");
        registry.revoke(revoked.key());
        registry.createPipeline(7, "disabled_table");
        registry.disablePipeline(7);
        TestRegistry.Credentials stranger = new TestRegistry().createToken("stranger");

        segment(List.of(
                record(1, PIPELINE, stranger.key(), stranger.token(), "{\"r\":1}"),
                record(2, PIPELINE, sender.key(), stranger.token(), "{\"r\":2}"),
                record(3, PIPELINE, revoked.key(), revoked.token(), "{\"r\":3}"),
                record(4, 424242, sender.key(), sender.token(), "{\"r\":4}"),
                record(5, 7, sender.key(), sender.token(), "{\"r\":5}"),
                valid(6, "{\"r\":6}")));

        RunReport report = loader.runOnce();

        assertEquals(5, report.rejected());
        Map<String, RejectReason> reasonById = new HashMap<>();
        for (SetAsideRecord rejected : rejected()) {
            reasonById.put(rejected.record().requestId(), rejected.reason());
            assertEquals(SpoolFixture.TIMESTAMP, rejected.record().timestamp());
            assertEquals(clock.instant(), rejected.time());
        }
        assertEquals(Map.of(
                requestId(1), RejectReason.UNKNOWN_KEY,
                requestId(2), RejectReason.TOKEN_MISMATCH,
                requestId(3), RejectReason.TOKEN_REVOKED,
                requestId(4), RejectReason.UNKNOWN_PIPELINE,
                requestId(5), RejectReason.PIPELINE_DISABLED), reasonById);

        assertEquals(Set.of(requestId(6)), requestIds(TABLE));
        assertFalse(tableExists("disabled_table"), "a disabled pipeline gets no table");
        assertTrue(files(layout.deadLetter()).isEmpty());
        for (RejectReason reason : List.of(RejectReason.UNKNOWN_KEY, RejectReason.TOKEN_MISMATCH,
                RejectReason.TOKEN_REVOKED, RejectReason.UNKNOWN_PIPELINE,
                RejectReason.PIPELINE_DISABLED)) {
            assertEquals(1, loader.stats().setAside(reason), reason.name());
        }
        String rejectedText = Files.readString(files(layout.rejected()).get(0));
        assertFalse(rejectedText.contains(sender.token()), "a token must never be written");
        assertFalse(rejectedText.contains(stranger.token()), "a token must never be written");
    }

    @Test
    void loadingASegmentAgainNeverDuplicatesARow() throws Exception {
        registry.createPipeline(2, "second");
        List<SpoolRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(record(i, i % 2 == 0 ? PIPELINE : 2, sender.key(), sender.token(),
                    "{\"i\":" + i + "}"));
        }
        records.add(record(100, 999, sender.key(), sender.token(), "{}"));
        records.add(valid(101, SharedCases.truncatedJson()));
        Path sealed = segment(records);
        loader.runOnce();

        // A crash between the commit and the move, or an operator replaying the archive,
        // both put the same segment back in front of the loader.
        Path archived = files(layout.archive()).get(0);
        Files.copy(archived, sealed, StandardCopyOption.REPLACE_EXISTING);
        RunReport again = loader.runOnce();

        assertEquals(RunReport.Outcome.LOADED, again.outcome(), again.failure());
        assertEquals(1, again.segmentsLoaded());
        assertEquals(15, rowCount(TABLE));
        assertEquals(15, rowCount("second"));
        assertEquals(15, requestIds(TABLE).size());
        assertEquals(1, rejected().size(), "the rejected file is replaced, not appended to");
        assertEquals(1, deadLetters().size(), "the dead-letter file is replaced too");
        assertTrue(layout.sealedSegments().isEmpty());
        assertEquals(1, files(layout.archive()).size());
    }

    @Test
    void oneSegmentFeedsManyPipelinesEachIntoItsOwnTable() throws Exception {
        for (long id = 1; id <= 4; id++) {
            registry.createPipeline(id, "events_" + id);
        }
        List<SpoolRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long pipeline = 1 + i % 4;
            records.add(record(i, pipeline, sender.key(), sender.token(),
                    "{\"pipeline\":" + pipeline + "}"));
        }
        segment(records);

        RunReport report = loader.runOnce();

        assertEquals(100, report.rowsLoaded());
        for (long id = 1; id <= 4; id++) {
            Set<String> expected = new TreeSet<>();
            for (int i = (int) id - 1; i < 100; i += 4) {
                expected.add(requestId(i));
            }
            assertEquals(expected, requestIds("events_" + id), "table events_" + id);
            assertEquals(25, loader.stats().rowsLoaded(id));
        }
    }

    @Test
    void tableNamesWithQuotesSpacesCaseAndKeywordsAreQuoted() throws Exception {
        List<String> tables = List.of("Orders \"EU\" 2025", "select", "drop table x; --",
                "Line Items.v2", "ÜMLAUT-Tabelle");
        List<SpoolRecord> records = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            registry.createPipeline(100 + i, tables.get(i));
            records.add(record(i, 100 + i, sender.key(), sender.token(), "{\"t\":" + i + "}"));
        }
        segment(records);

        RunReport report = loader.runOnce();

        assertEquals(RunReport.Outcome.LOADED, report.outcome(), report.failure());
        for (int i = 0; i < tables.size(); i++) {
            assertTrue(tableExists(tables.get(i)), tables.get(i));
            assertEquals(Set.of(requestId(i)), requestIds(tables.get(i)));
        }
    }

    @Test
    void corruptLinesAreSetAsideAndTheRestLoads() throws Exception {
        byte[] garbage = "{\"v\":1,\"id\":\"torn".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(valid(1, "{\"a\":1}").toLine());
        content.write(garbage);
        content.write('\n');
        content.write(valid(2, "{\"a\":2}").toLine());
        Path sealed = layout.incoming().resolve(SpoolLayout.fileName(5, SpoolLayout.SEALED));
        SpoolLayout.writeDurably(sealed, content.toByteArray());

        loader.runOnce();

        assertEquals(Set.of(requestId(1), requestId(2)), requestIds(TABLE));
        List<SetAsideRecord> rejected = rejected();
        assertEquals(1, rejected.size());
        assertEquals(RejectReason.CORRUPT_LINE, rejected.get(0).reason());
        assertEquals(valid(1, "{\"a\":1}").toLine().length, rejected.get(0).byteOffset());
        assertArrayEquals(garbage, rejected.get(0).rawLine());
    }

    @Test
    void sealedSegmentsAreLoadedInOrderAndArchived() throws Exception {
        for (int s = 0; s < 3; s++) {
            segment(List.of(valid(s * 10, "{}"), valid(s * 10 + 1, "[]")));
        }

        RunReport report = loader.runOnce();

        assertEquals(3, report.segmentsLoaded());
        assertEquals(6, rowCount(TABLE));
        assertTrue(layout.sealedSegments().isEmpty());
        List<Path> archived = files(layout.archive());
        assertEquals(3, archived.size());
        for (Path file : archived) {
            assertTrue(file.getFileName().toString().endsWith(SpoolLayout.LOADED));
        }
        assertEquals(clock.millis(), loader.stats().lastSuccessMillis());
    }

    String storedBody(String table, String requestId) throws SQLException {
        return readOne(table, asText(Warehouse.BODY), requestId);
    }

    String storedTimestamp(String table, String requestId) throws SQLException {
        return readOne(table, asText(Warehouse.TIMESTAMP), requestId);
    }

    private String readOne(String table, String expression, String requestId)
            throws SQLException {
        String sql = "SELECT " + expression + " FROM " + SqlIdentifier.quote(table)
                + " WHERE " + SqlIdentifier.quote(Warehouse.REQUEST_ID) + " = ?";
        try (Connection connection = openReader();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, requestId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    long rowCount(String table) throws SQLException {
        try (Connection connection = openReader();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM "
                        + SqlIdentifier.quote(table))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    Set<String> requestIds(String table) throws SQLException {
        Set<String> ids = new TreeSet<>();
        try (Connection connection = openReader();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT "
                        + SqlIdentifier.quote(Warehouse.REQUEST_ID) + " FROM "
                        + SqlIdentifier.quote(table))) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    boolean tableExists(String table) throws SQLException {
        try (Connection connection = openReader();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1) == 1;
            }
        }
    }

    List<SetAsideRecord> rejected() throws Exception {
        return readAll(layout.rejected());
    }

    List<SetAsideRecord> deadLetters() throws Exception {
        return readAll(layout.deadLetter());
    }

    private static List<SetAsideRecord> readAll(Path area) throws Exception {
        List<SetAsideRecord> records = new ArrayList<>();
        for (Path file : files(area)) {
            records.addAll(SetAsideFile.read(file));
        }
        return records;
    }

    static List<Path> files(Path area) throws Exception {
        try (var entries = Files.list(area)) {
            return entries.sorted().toList();
        }
    }
}
