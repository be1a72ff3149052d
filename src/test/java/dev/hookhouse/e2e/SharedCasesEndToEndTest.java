package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.server.HookhouseServer;
import dev.hookhouse.spool.SegmentReader;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.warehouse.PostgresTestDatabase;
import dev.hookhouse.warehouse.SharedCases;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 3's first promise, whole: every file of {@code shared/cases} posted over HTTP with real
 * credentials from the real registry is answered as the cases' README says, and what it
 * expects to be stored reaches the warehouse byte-exact, with the timestamp of the answer.
 * Once with the embedded DuckDB default and once with PostgreSQL.
 */
class SharedCasesEndToEndTest {

    private static final String JSON = "application/json";
    private static final String JSON_NO_SPACE = "application/json;charset=utf-8";
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private static final String SENDGRID = "A11_sendgrid_event_single_crlf.json";
    private static final String TWILIO = "A10_twilio_inbound_sms.form";
    static final String LONE_SURROGATES = "B04_lone_surrogates.json";
    static final Map<String, String> REFUSED_AT_THE_EDGE = Map.of(
            "B14_empty_body.bin", "NO_BODY_PROVIDED",
            "B14_whitespace_body.bin", "NO_BODY_PROVIDED",
            "B22_truncated_json.json", "INVALID_BODY");

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper OBJECTS = new ObjectMapper();

    /** The two warehouses, and what each does with a lone surrogate escape. */
    enum WarehouseKind {
        /** DuckDB's JSON type refuses it: the row goes to the dead-letter area. */
        DUCKDB,
        /** PostgreSQL's json type checks syntax only: the row is stored as sent. */
        POSTGRES
    }

    /** One case file posted, and its answer. */
    private record Posted(String file, Webhook.Answer answer) {
    }

    private static PostgresTestDatabase postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void createPostgresDatabase() throws Exception {
        postgres = PostgresTestDatabase.create(SharedCasesEndToEndTest.class);
    }

    @AfterAll
    static void dropPostgresDatabase() throws Exception {
        postgres.close();
    }

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void everyCaseIsAnsweredAndStoredAsTheReadmeSays(WarehouseKind kind) throws Exception {
        Installation installation = installation(kind);
        Registry registry = installation.registry(Clock.systemUTC());
        CreatedToken token = registry.createToken("shared cases");
        PipelineEntry pipeline = registry.createPipeline("Shared cases", null);
        Map<String, String> expectedBodies = SharedCases.storedBodies();
        StoredRows warehouse = StoredRows.inProcess(installation.config());

        Map<String, Posted> posted;
        try (HookhouseServer server = HookhouseServer.start(installation.config(),
                Clock.systemUTC())) {
            URI url = Webhook.url(server.httpPort(), pipeline.id(), token.entry().key(),
                    token.token());
            posted = postEveryCase(url);
            assertAnswers(posted);

            Set<String> expectedIds = idsExpectedInTable(kind, posted);
            Poll.until("every case in " + kind, LOAD_TIMEOUT, 100,
                    () -> warehouse.rows(pipeline.table()).keySet().containsAll(expectedIds)
                            && installation.nothingWaitsForTheLoader(),
                    () -> "stored so far: " + warehouse.rows(pipeline.table()).keySet());
        }

        Map<String, StoredRows.Row> rows = warehouse.rows(pipeline.table());
        assertEquals(idsExpectedInTable(kind, posted), rows.keySet(),
                "the table holds exactly the accepted cases");
        for (Posted sent : posted.values()) {
            if (rows.containsKey(sent.answer().requestId())) {
                assertStored(sent, expectedBodies.get(sent.file()), rows);
            }
        }
        assertTwilioFields(rows.get(posted.get(TWILIO).answer().requestId()));
        assertLoneSurrogateOutcome(kind, installation, posted, rows, expectedBodies);
    }

    private Installation installation(WarehouseKind kind) {
        // A segment stays open a second, so neighbouring cases share B04's segment (batch).
        Installation installation = Installation.in(dir)
                .with(HookhouseConfig.SPOOL_SEAL_AFTER_MS, "1000")
                .with(HookhouseConfig.LOADER_INTERVAL_MS, "200");
        if (kind == WarehouseKind.POSTGRES) {
            installation.withPostgresWarehouse(postgres.url());
        }
        return installation;
    }

    private static Map<String, Posted> postEveryCase(URI url) throws Exception {
        Map<String, Posted> posted = new LinkedHashMap<>();
        for (Path file : caseFiles()) {
            String name = file.getFileName().toString();
            Webhook.Answer answer = Webhook.post(url, Files.readAllBytes(file), headersFor(name));
            posted.put(name, new Posted(name, answer));
        }
        return posted;
    }

    static List<Path> caseFiles() throws Exception {
        try (Stream<Path> files = Files.list(SharedCases.directory())) {
            List<Path> cases = files.filter(file -> !file.getFileName().toString()
                    .equals("README.md")).sorted().toList();
            assertTrue(cases.size() >= 16, "shared/cases looks incomplete: " + cases);
            return cases;
        }
    }

    /** The Content-Type and Content-Encoding the cases' README gives each file. */
    static Map<String, String> headersFor(String name) {
        if (name.endsWith(".form")) {
            return Map.of("Content-Type", FORM);
        }
        if (name.endsWith(".gz")) {
            return Map.of("Content-Type", JSON, "Content-Encoding", "gzip");
        }
        if (name.equals(SENDGRID)) {
            return Map.of("Content-Type", JSON_NO_SPACE);
        }
        return Map.of("Content-Type", JSON);
    }

    private static void assertAnswers(Map<String, Posted> posted) throws Exception {
        for (Posted sent : posted.values()) {
            Webhook.Answer answer = sent.answer();
            String refusal = REFUSED_AT_THE_EDGE.get(sent.file());
            if (refusal != null) {
                assertEquals(400, answer.status(), sent.file() + ": " + answer.body());
                assertEquals(refusal, answer.error(), sent.file());
                assertFalse(answer.success(), sent.file());
                continue;
            }
            assertEquals(200, answer.status(), sent.file() + ": " + answer.body());
            assertTrue(answer.success(), sent.file());
            assertTrue(answer.requestId().matches("[a-z]{20}"), answer.body());
        }
    }

    private static Set<String> idsExpectedInTable(WarehouseKind kind, Map<String, Posted> posted)
            throws Exception {
        Set<String> ids = new HashSet<>();
        for (Posted sent : posted.values()) {
            boolean refused = REFUSED_AT_THE_EDGE.containsKey(sent.file());
            boolean deadLettered = kind == WarehouseKind.DUCKDB
                    && sent.file().equals(LONE_SURROGATES);
            if (!refused && !deadLettered) {
                ids.add(sent.answer().requestId());
            }
        }
        return ids;
    }

    private static void assertStored(Posted sent, String expectedBody,
            Map<String, StoredRows.Row> rows) throws Exception {
        assertNotNull(expectedBody, sent.file() + " was stored but the README expects nothing");
        StoredRows.Row row = rows.get(sent.answer().requestId());
        assertArrayEquals(expectedBody.getBytes(StandardCharsets.UTF_8),
                row.body().getBytes(StandardCharsets.UTF_8), sent.file() + " changed on the way");
        assertEquals(sent.answer().timestampDigits(), row.timestamp(),
                sent.file() + ": stored timestamp differs from the answer's");
    }

    private static void assertTwilioFields(StoredRows.Row row) throws Exception {
        JsonNode fields = OBJECTS.readTree(row.body());
        assertEquals("hi there, 2+3=4", fields.path("Body").asText());
        assertEquals("+15005550009", fields.path("From").asText());
    }

    private static void assertLoneSurrogateOutcome(WarehouseKind kind, Installation installation,
            Map<String, Posted> posted, Map<String, StoredRows.Row> rows,
            Map<String, String> expectedBodies) throws Exception {
        String loneSurrogateId = posted.get(LONE_SURROGATES).answer().requestId();
        List<RejectedList.Entry> setAside = RejectedList.read(installation.configFile());
        if (kind == WarehouseKind.POSTGRES) {
            assertStored(posted.get(LONE_SURROGATES), expectedBodies.get(LONE_SURROGATES), rows);
            assertEquals(List.of(), setAside, "PostgreSQL sets nothing aside");
            return;
        }

        assertFalse(rows.containsKey(loneSurrogateId), "DuckDB's JSON type refuses B04");
        assertEquals(1, setAside.size(), "only B04 is set aside: " + setAside);
        RejectedList.Entry deadLetter = setAside.get(0);
        assertEquals(loneSurrogateId, deadLetter.requestId());
        assertEquals("WAREHOUSE_REFUSED", deadLetter.reason());
        assertEquals("dead-letter", deadLetter.area());
        assertFalse(deadLetter.detail().isBlank(), "the database's error is kept");

        Set<String> batch = segmentIds(installation, deadLetter.segment());
        batch.remove(loneSurrogateId);
        assertFalse(batch.isEmpty(), "B04 was alone in its segment: its batch went untested");
        assertTrue(rows.keySet().containsAll(batch), "the rest of B04's batch is loaded");
    }

    /** The request ids in an archived segment, named as the loader knew it. */
    private static Set<String> segmentIds(Installation installation, String segmentName)
            throws Exception {
        SpoolLayout layout = new SpoolLayout(installation.spoolDir());
        long sequence = SpoolLayout.sequenceOf(Path.of(segmentName));
        Path archived = layout.archive().resolve(SpoolLayout.fileName(sequence,
                SpoolLayout.LOADED));
        return SegmentReader.read(archived).records().stream().map(SpoolRecord::requestId)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
