package dev.hookhouse.http;

import static dev.hookhouse.http.Http.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.registry.TokenHash;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What lands in the spool for an accepted request, read back after the server closed. */
class StoredRecordHttpTest {

    @TempDir
    Path spoolDir;

    /** Closed after each test even when an assertion failed first; close is idempotent. */
    private RunningServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String requestId(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body()).get("data").get("__kdd_request_id")
                .asText();
    }

    @Test
    void recordHoldsTheAnsweredIdAndTimeTheParametersAndTheTokenHash() throws Exception {
        server = RunningServer.start(spoolDir);
        HttpResponse<String> response = Http.post(server.uri("/?pipeline_id=835212&key="
                + RunningServer.KEY.toUpperCase() + "&token=" + RunningServer.TOKEN),
                "{\"n\":1.0}", "Content-Type", JSON);

        List<SpoolRecord> records = server.closeAndReadRecords();

        assertEquals(1, records.size());
        SpoolRecord record = records.get(0);
        assertEquals(requestId(response), record.requestId());
        assertEquals(RunningServer.FIXED_TIMESTAMP, record.timestamp());
        assertEquals(835212L, record.pipelineId());
        assertEquals(RunningServer.KEY, record.key());
        assertEquals(TokenHash.sha256Hex(RunningServer.TOKEN), record.tokenSha256());
        assertEquals("{\"n\":1.0}", record.body());
    }

    @Test
    void tokenIsNeverWrittenToTheSpool() throws Exception {
        server = RunningServer.start(spoolDir);
        Http.post(server.ingestUri(), "{}", "Content-Type", JSON);
        server.close();

        for (Path segment : new SpoolLayout(spoolDir).sealedSegments()) {
            String text = Files.readString(segment);
            assertEquals(-1, text.indexOf(RunningServer.TOKEN), segment.toString());
        }
    }

    @Test
    void eachAcceptedRequestIsStoredOnceInOrderOfAnswers() throws Exception {
        server = RunningServer.start(spoolDir);
        List<String> answeredIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answeredIds.add(requestId(Http.post(server.ingestUri(), "[" + i + "]")));
        }

        List<SpoolRecord> records = server.closeAndReadRecords();

        assertEquals(answeredIds, records.stream().map(SpoolRecord::requestId).toList());
        assertEquals("[19]", records.get(19).body());
    }

    @Test
    void formFieldsInOrderWithRepeatsAsArrays() throws Exception {
        server = RunningServer.start(spoolDir);
        Http.post(server.ingestUri(), "b=2&a=x+y&b=%2B3&c", "Content-Type",
                "application/x-www-form-urlencoded");

        List<SpoolRecord> records = server.closeAndReadRecords();

        assertEquals("{\"b\":[\"2\",\"+3\"],\"a\":\"x y\",\"c\":\"\"}", records.get(0).body());
    }

    @Test
    void compressedBodiesAreStoredDecoded() throws Exception {
        byte[] body = "{\"compressed\":\"yes\",\"n\":18446744073709551615}"
                .getBytes(StandardCharsets.UTF_8);
        server = RunningServer.start(spoolDir);
        Http.post(server.ingestUri(), Compression.gzip(body), "Content-Encoding", "gzip");
        Http.post(server.ingestUri(), Compression.zlib(body), "Content-Encoding", "deflate");
        Http.post(server.ingestUri(), Compression.rawDeflate(body), "Content-Encoding",
                "deflate");

        List<SpoolRecord> records = server.closeAndReadRecords();

        assertEquals(3, records.size());
        for (SpoolRecord record : records) {
            assertEquals(new String(body, StandardCharsets.UTF_8), record.body());
        }
    }

    @Test
    void bodyOfExactlyTheLimitIsStoredAndOneByteMoreIsNot() throws Exception {
        int limit = 64 * 1024;
        server = RunningServer.start(spoolDir, Map.of(
                "hookhouse.http.max-body-bytes", Integer.toString(limit)));
        String atLimit = "\"" + "a".repeat(limit - 2) + "\"";
        String overLimit = "\"" + "a".repeat(limit - 1) + "\"";

        HttpResponse<String> accepted = Http.post(server.ingestUri(), atLimit);
        HttpResponse<String> refused = Http.post(server.ingestUri(), overLimit);
        HttpResponse<String> gzipRefused = Http.post(server.ingestUri(),
                Compression.gzip(overLimit.getBytes(StandardCharsets.UTF_8)),
                "Content-Encoding", "gzip");
        List<SpoolRecord> records = server.closeAndReadRecords();

        assertEquals(200, accepted.statusCode());
        assertEquals(413, refused.statusCode());
        assertEquals(Http.errorBody("BODY_TOO_LARGE"), refused.body());
        assertEquals(413, gzipRefused.statusCode());
        assertEquals(1, records.size());
        assertEquals(atLimit, records.get(0).body());
    }
}
