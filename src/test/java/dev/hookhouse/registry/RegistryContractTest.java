package dev.hookhouse.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookhouse.testing.TestClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the registry promises, whatever database holds it. Each subclass gives an empty
 * database per test; SQLite and PostgreSQL both run every test here.
 */
abstract class RegistryContractTest {

    static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    TestClock clock;
    Registry registry;

    /** Connections to a database with no registry tables in it yet. */
    abstract RegistryConnections emptyDatabase() throws Exception;

    @BeforeEach
    void openRegistryOnEmptyDatabase() throws Exception {
        clock = new TestClock(START);
        registry = new Registry(emptyDatabase(), clock);
    }

    Registry anotherRegistry() throws Exception {
        return new Registry(connections(), clock);
    }

    /** Connections to the same database as {@link #registry}. */
    abstract RegistryConnections connections() throws Exception;

    @Test
    void createdTokenHasLowerCaseUuidKeyAndLongAlphanumericToken() throws Exception {
        CreatedToken created = registry.createToken("stripe");

        String key = created.entry().key();
        assertEquals(UUID.fromString(key).toString(), key);
        assertEquals(key.toLowerCase(), key);
        assertTrue(created.token().matches("[A-Za-z0-9]{48}"), created.token());
        assertEquals("stripe", created.entry().name());
        assertFalse(created.entry().revoked());
        assertEquals(START, created.entry().createdAt());
    }

    @Test
    void onlyTheTokensHashIsStored() throws Exception {
        CreatedToken created = registry.createToken("stripe");

        String expectedHash = TokenHash.sha256Hex(created.token());
        TokenEntry stored = registry.snapshot().tokensByKey().get(created.entry().key());
        assertEquals(expectedHash, stored.tokenSha256());
        assertTrue(TokenHash.matches(stored.tokenSha256(), expectedHash));

        List<String> everyStoredValue = allValues("hookhouse_tokens");
        assertTrue(everyStoredValue.contains(expectedHash));
        assertTrue(everyStoredValue.stream().noneMatch(v -> v.contains(created.token())),
                "the plain token is in the database");
        assertFalse(created.toString().contains(created.token()));
    }

    @Test
    void everyTokenIsDifferent() throws Exception {
        Set<String> keys = new HashSet<>();
        Set<String> tokens = new HashSet<>();

        for (int i = 0; i < 20; i++) {
            CreatedToken created = registry.createToken("same name");
            keys.add(created.entry().key());
            tokens.add(created.token());
        }

        assertEquals(20, keys.size());
        assertEquals(20, tokens.size());
        assertEquals(20, registry.listTokens().size());
    }

    @Test
    void listTokensShowsEachOldestFirstWithNameStateAndTime() throws Exception {
        CreatedToken first = registry.createToken("  first  ");
        clock.advance(Duration.ofSeconds(5));
        CreatedToken second = registry.createToken("second");

        List<TokenEntry> tokens = registry.listTokens();

        assertEquals(List.of(first.entry(), second.entry()), tokens);
        assertEquals("first", tokens.get(0).name());
        assertEquals(START.plusSeconds(5), tokens.get(1).createdAt());
    }

    @Test
    void revokedTokenIsRevokedInTheNextSnapshotAndOthersStayActive() throws Exception {
        CreatedToken kept = registry.createToken("kept");
        CreatedToken revoked = registry.createToken("revoked");

        StateChange<TokenEntry> change = registry.revokeToken(revoked.entry().key());
        StateChange<TokenEntry> again = registry.revokeToken(
                revoked.entry().key().toUpperCase());

        assertTrue(change.changed());
        assertTrue(change.entry().revoked());
        assertFalse(again.changed());
        RegistrySnapshot snapshot = registry.snapshot();
        assertTrue(snapshot.tokensByKey().get(revoked.entry().key()).revoked());
        assertFalse(snapshot.tokensByKey().get(kept.entry().key()).revoked());
    }

    @Test
    void revokingAnUnknownKeyIsRefusedNamingTheKey() {
        String unknown = UUID.randomUUID().toString();

        RegistryException refused = assertThrows(RegistryException.class,
                () -> registry.revokeToken(unknown));

        assertEquals(RegistryException.Kind.NOT_FOUND, refused.kind());
        assertTrue(refused.getMessage().contains(unknown), refused.getMessage());
    }

    @Test
    void blankLongOrControlCharacterNamesAreRefused() {
        List<String> badNames = new ArrayList<>(List.of("", "   ", "a\nb", "tab\there"));
        badNames.add("x".repeat(Registry.MAX_NAME_LENGTH + 1));
        badNames.add(null);

        for (String name : badNames) {
            RegistryException forToken = assertThrows(RegistryException.class,
                    () -> registry.createToken(name));
            RegistryException forPipeline = assertThrows(RegistryException.class,
                    () -> registry.createPipeline(name, null));
            assertEquals(RegistryException.Kind.INVALID, forToken.kind());
            assertEquals(RegistryException.Kind.INVALID, forPipeline.kind());
        }
    }

    @Test
    void namesMayBeLongUnicodeAndRepeated() throws Exception {
        String longName = "Zürich 東京 ".repeat(20).strip();

        registry.createToken(longName);
        registry.createToken(longName);

        assertEquals(List.of(longName, longName),
                registry.listTokens().stream().map(TokenEntry::name).toList());
    }

    @Test
    void pipelineGetsSixDigitIdAndTableDerivedFromItsName() throws Exception {
        PipelineEntry pipeline = registry.createPipeline("Orders (EU) 2024", null);

        assertTrue(pipeline.id() >= 100_000 && pipeline.id() <= 999_999, "" + pipeline.id());
        assertEquals("orders_eu_2024", pipeline.table());
        assertEquals("Orders (EU) 2024", pipeline.name());
        assertTrue(pipeline.enabled());
        assertEquals(START, pipeline.createdAt());
        assertEquals(pipeline, registry.snapshot().pipelinesById().get(pipeline.id()));
    }

    @Test
    void manyPipelinesGetDistinctIds() throws Exception {
        Set<Long> ids = new HashSet<>();

        for (int i = 0; i < 40; i++) {
            ids.add(registry.createPipeline("pipeline " + i, null).id());
        }

        assertEquals(40, ids.size());
        assertEquals(ids, registry.snapshot().pipelinesById().keySet());
    }

    @Test
    void givenTableIsKeptExactlyAsTyped() throws Exception {
        String table = "Weird \"Table\"-1.x sélect";

        PipelineEntry pipeline = registry.createPipeline("weird", table);

        assertEquals(table, pipeline.table());
        assertEquals(table, registry.listPipelines().get(0).table());
    }

    @Test
    void twoPipelinesCannotShareATableEvenInAnotherCase() throws Exception {
        PipelineEntry orders = registry.createPipeline("orders", null);
        registry.disablePipeline(orders.id());

        RegistryException sameName = assertThrows(RegistryException.class,
                () -> registry.createPipeline("Orders", null));
        RegistryException otherCase = assertThrows(RegistryException.class,
                () -> registry.createPipeline("other", "ORDERS"));

        assertEquals(RegistryException.Kind.CONFLICT, sameName.kind());
        assertEquals(RegistryException.Kind.CONFLICT, otherCase.kind());
        assertTrue(otherCase.getMessage().contains(Long.toString(orders.id())),
                otherCase.getMessage());
        assertEquals(1, registry.listPipelines().size());
    }

    @Test
    void tableNamesOverPostgresLimitAreRefused() throws Exception {
        String longest = "a".repeat(TableName.MAX_BYTES);
        String oneByteTooLong = "a".repeat(TableName.MAX_BYTES + 1);
        String twoByteLetters = "é".repeat(32);

        assertEquals(longest, registry.createPipeline("fits", longest).table());
        RegistryException ascii = assertThrows(RegistryException.class,
                () -> registry.createPipeline("too long", oneByteTooLong));
        RegistryException utf8 = assertThrows(RegistryException.class,
                () -> registry.createPipeline("too long", twoByteLetters));

        assertEquals(RegistryException.Kind.INVALID, ascii.kind());
        assertTrue(utf8.getMessage().contains("64 bytes"), utf8.getMessage());
    }

    @Test
    void disabledPipelineIsDisabledInTheNextSnapshotUntilEnabled() throws Exception {
        PipelineEntry pipeline = registry.createPipeline("orders", null);

        StateChange<PipelineEntry> disabled = registry.disablePipeline(pipeline.id());
        StateChange<PipelineEntry> disabledAgain = registry.disablePipeline(pipeline.id());
        boolean enabledInSnapshotAfterDisable =
                registry.snapshot().pipelinesById().get(pipeline.id()).enabled();
        StateChange<PipelineEntry> enabled = registry.enablePipeline(pipeline.id());

        assertTrue(disabled.changed());
        assertFalse(disabled.entry().enabled());
        assertFalse(disabledAgain.changed());
        assertFalse(enabledInSnapshotAfterDisable);
        assertTrue(enabled.changed());
        assertTrue(registry.snapshot().pipelinesById().get(pipeline.id()).enabled());
    }

    @Test
    void unknownPipelineIdIsRefusedNamingTheId() {
        RegistryException disable = assertThrows(RegistryException.class,
                () -> registry.disablePipeline(123));
        RegistryException enable = assertThrows(RegistryException.class,
                () -> registry.enablePipeline(123));

        assertEquals(RegistryException.Kind.NOT_FOUND, disable.kind());
        assertEquals(RegistryException.Kind.NOT_FOUND, enable.kind());
        assertTrue(disable.getMessage().contains("123"), disable.getMessage());
    }

    @Test
    void snapshotHoldsEveryTokenAndPipelineWithTheirStates() throws Exception {
        CreatedToken active = registry.createToken("active");
        CreatedToken revoked = registry.createToken("revoked");
        registry.revokeToken(revoked.entry().key());
        PipelineEntry pipeline = registry.createPipeline("orders", null);

        RegistrySnapshot snapshot = registry.snapshot();

        assertEquals(Set.of(active.entry().key(), revoked.entry().key()),
                snapshot.tokensByKey().keySet());
        assertEquals(active.entry(), snapshot.tokensByKey().get(active.entry().key()));
        assertEquals(pipeline, snapshot.pipelinesById().get(pipeline.id()));
        assertThrows(UnsupportedOperationException.class,
                () -> snapshot.tokensByKey().clear());
    }

    @Test
    void schemaIsCreatedOnceAndRecordsItsVersion() throws Exception {
        CreatedToken created = registry.createToken("before reopening");
        clock.advance(Duration.ofSeconds(1));

        Registry reopened = anotherRegistry();
        reopened.createToken("after reopening");

        assertEquals(List.of("1"), allValuesOfColumn(RegistrySchema.VERSION_TABLE, "version"));
        assertEquals(2, reopened.listTokens().size());
        assertEquals(created.entry(), reopened.listTokens().get(0));
    }

    @Test
    void registryWrittenByANewerHookhouseIsRefused() throws Exception {
        registry.listTokens();
        execute("INSERT INTO " + RegistrySchema.VERSION_TABLE
                + " (version, applied_at_ms) VALUES (99, 0)");

        RegistryException refused = assertThrows(RegistryException.class,
                () -> anotherRegistry().snapshot());

        assertTrue(refused.getMessage().contains("99"), refused.getMessage());
        assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
    }

    @Test
    void severalProcessesCanCreateTheSchemaAtOnce() throws Exception {
        int starters = 4;
        ExecutorService threads = Executors.newFixedThreadPool(starters);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CreatedToken>> results = new ArrayList<>();

        for (int i = 0; i < starters; i++) {
            Registry fresh = anotherRegistry();
            String name = "starter " + i;
            results.add(threads.submit(() -> {
                go.await();
                return fresh.createToken(name);
            }));
        }
        go.countDown();
        for (Future<CreatedToken> result : results) {
            result.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertEquals(starters, registry.listTokens().size());
        assertEquals(List.of("1"), allValuesOfColumn(RegistrySchema.VERSION_TABLE, "version"));
    }

    @Test
    void racingCreatesOfOneTableLeaveOneOwnerAndClearConflicts() throws Exception {
        int racers = 4;
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PipelineEntry>> results = new ArrayList<>();
        registry.listPipelines();

        for (int i = 0; i < racers; i++) {
            Registry racer = anotherRegistry();
            String name = "racer " + i;
            results.add(threads.submit(() -> {
                go.await();
                return racer.createPipeline(name, "Orders");
            }));
        }
        go.countDown();
        int created = 0;
        for (Future<PipelineEntry> result : results) {
            try {
                result.get(60, TimeUnit.SECONDS);
                created++;
            } catch (ExecutionException failed) {
                RegistryException conflict = (RegistryException) failed.getCause();
                assertEquals(RegistryException.Kind.CONFLICT, conflict.kind());
            }
        }
        threads.shutdown();

        assertEquals(1, created);
        assertEquals(1, registry.listPipelines().size());
    }

    List<String> allValues(String table) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = connections().open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    values.add(String.valueOf(rows.getObject(column)));
                }
            }
        }
        return values;
    }

    List<String> allValuesOfColumn(String table, String column) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = connections().open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT " + column + " FROM " + table + " ORDER BY 1")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    void execute(String sql) throws Exception {
        try (Connection connection = connections().open();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
