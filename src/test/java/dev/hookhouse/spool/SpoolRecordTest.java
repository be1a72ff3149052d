package dev.hookhouse.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The line format: bodies and timestamps come back exactly as they went in. */
class SpoolRecordTest {

    static Stream<Path> caseFiles() throws Exception {
        return SharedCases.files().stream();
    }

    @Test
    void everySharedCaseIsFound() throws Exception {
        assertTrue(SharedCases.files().size() >= 16, "cases: " + SharedCases.files());
    }

    @ParameterizedTest
    @MethodSource("caseFiles")
    void caseBodyComesBackByteIdentical(Path caseFile) throws Exception {
        byte[] body = SharedCases.decodedBody(caseFile);
        SpoolRecord record = TestRecords.record(TestRecords.id(1), strictUtf8(body));

        byte[] line = record.toLine();
        SpoolRecord readBack = SpoolRecord.fromLine(line);

        assertArrayEquals(body, readBack.bodyUtf8());
        assertEquals(record, readBack);
        assertIsOneLine(line);
    }

    @Test
    void emojiWithVariationSelectorKeepsItsBytes() throws Exception {
        byte[] body = SharedCases.decodedBody(
                SharedCases.directory().resolve("A05_github_dependabot_alert_emoji.json"));
        int selector = indexOf(body, new byte[] {(byte) 0xEF, (byte) 0xB8, (byte) 0x8F});
        int fourByteEmoji = indexOf(body, new byte[] {(byte) 0xF0, (byte) 0x9F});

        byte[] stored = roundTrip(body);

        assertTrue(selector > 0 && fourByteEmoji > 0, "the case holds both");
        assertArrayEquals(Arrays.copyOfRange(body, fourByteEmoji, selector + 3),
                Arrays.copyOfRange(stored, fourByteEmoji, selector + 3));
        assertArrayEquals(body, stored);
    }

    @Test
    void crlfNulAndSurrogateEscapesSurviveAsText() throws Exception {
        String body = "{\"a\":\"\\u0000\",\"b\":\"\\ud83d\",\"c\":\"\\/\"}\r\n";

        byte[] line = TestRecords.record(TestRecords.id(1), body).toLine();

        assertEquals(body, SpoolRecord.fromLine(line).body());
        assertIsOneLine(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1577015690.3118637", "1577015690.3110000", "1577015690",
        "1.5770156903118637E9", "0.0000001", "-0", "12345678901234567890.123456789012345"})
    void timestampIsWrittenAndReadAsTheExactDigits(String ts) {
        SpoolRecord record = new SpoolRecord(TestRecords.id(1), ts, 835212, TestRecords.KEY,
                TestRecords.TOKEN_SHA256, "{}");

        String line = new String(record.toLine(), StandardCharsets.UTF_8);

        assertTrue(line.contains("\"ts\":" + ts + ","), line);
        assertEquals(ts, SpoolRecord.fromLine(record.toLine()).timestamp());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.", ".5", "01", "1e", "NaN", "1}", "1,\"x\":2", "+1"})
    void timestampThatIsNotAJsonNumberIsRefused(String ts) {
        assertThrows(IllegalArgumentException.class, () -> new SpoolRecord(TestRecords.id(1),
                ts, 1, TestRecords.KEY, TestRecords.TOKEN_SHA256, "{}"));
    }

    @Test
    void bodyWithAnUnpairedSurrogateIsRefusedBecauseNoUtf8CanCarryIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TestRecords.record(TestRecords.id(1), "{\"a\":\"\ud83d\"}"));
        assertTrue(refused.getMessage().contains("unpaired surrogate at char 6"),
                refused.getMessage());
    }

    @Test
    void lineFieldsAreWrittenInTheDocumentedOrder() {
        String line = new String(TestRecords.record(1).toLine(), StandardCharsets.UTF_8);

        assertEquals("{\"v\":1,\"id\":\"aaaaaaaaaaaaaaaaaaab\",\"ts\":1577015690.3118637,"
                + "\"pipeline_id\":835212,\"key\":\"" + TestRecords.KEY + "\",\"token_sha256\":\""
                + TestRecords.TOKEN_SHA256 + "\",\"body\":\"{\\\"event\\\":\\\"test\\\","
                + "\\\"n\\\":1}\"}\n", line);
    }

    @Test
    void unknownFieldsAreIgnoredSoThatVersionOneCanGrow() {
        String line = "{\"v\":1,\"id\":\"abc\",\"ts\":1.5,\"pipeline_id\":7,\"key\":\"k\","
                + "\"token_sha256\":\"t\",\"body\":\"{}\",\"later\":{\"x\":[1,2]}}";

        SpoolRecord record = SpoolRecord.fromLine(line.getBytes(StandardCharsets.UTF_8));

        assertEquals(new SpoolRecord("abc", "1.5", 7, "k", "t", "{}"), record);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "{\"v\":1,\"id\":\"abc\"",
        "{\"v\":2,\"id\":\"a\",\"ts\":1,\"pipeline_id\":7,\"key\":\"k\",\"token_sha256\":\"t\","
            + "\"body\":\"{}\"}",
        "{\"v\":1,\"ts\":1,\"pipeline_id\":7,\"key\":\"k\",\"token_sha256\":\"t\","
            + "\"body\":\"{}\"}",
        "{\"v\":1,\"id\":5,\"ts\":1,\"pipeline_id\":7,\"key\":\"k\",\"token_sha256\":\"t\","
            + "\"body\":\"{}\"}",
        "{\"v\":1,\"id\":{\"v\":1},\"ts\":1,\"pipeline_id\":7,\"key\":\"k\","
            + "\"token_sha256\":\"t\",\"body\":\"{}\"}",
        "{\"v\":1,\"id\":\"a\",\"ts\":\"1\",\"pipeline_id\":7,\"key\":\"k\","
            + "\"token_sha256\":\"t\",\"body\":\"{}\"}",
        "{\"v\":1,\"id\":\"a\",\"ts\":1,\"pipeline_id\":7.5,\"key\":\"k\","
            + "\"token_sha256\":\"t\",\"body\":\"{}\"}",
        "{\"v\":1,\"id\":\"a\",\"ts\":1,\"pipeline_id\":99999999999999999999,\"key\":\"k\","
            + "\"token_sha256\":\"t\",\"body\":\"{}\"}",
        "{\"v\":1,\"id\":\"a\",\"ts\":1,\"pipeline_id\":7,\"key\":\"k\",\"token_sha256\":\"t\","
            + "\"body\":\"{}\"} {}",
        "{\"v\":1,\"id\":\"a\",\"ts\":1,\"pipeline_id\":7,\"key\":\"k\",\"token_sha256\":\"t\","
            + "\"body\":{}}"})
    void lineThatIsNotACompleteVersionOneRecordIsRefused(String line) {
        assertThrows(IllegalArgumentException.class,
                () -> SpoolRecord.fromLine(line.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] roundTrip(byte[] body) throws CharacterCodingException {
        byte[] line = TestRecords.record(TestRecords.id(1), strictUtf8(body)).toLine();
        return SpoolRecord.fromLine(line).bodyUtf8();
    }

    /** Decodes as the edge does: invalid UTF-8 is an error, never a replacement char. */
    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static void assertIsOneLine(byte[] line) {
        assertEquals('\n', line[line.length - 1]);
        for (int i = 0; i < line.length - 1; i++) {
            assertTrue(line[i] != '\n' && line[i] != '\r', "raw line break at byte " + i);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
