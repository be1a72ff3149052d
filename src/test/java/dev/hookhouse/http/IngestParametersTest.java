package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IngestParametersTest {

    private static final String KEY = "3f1c2b4a-1d2e-4f5a-9b8c-0123456789ab";
    private static final String TOKEN = "abcdefghijklmnop1234";

    private static String codeFor(String rawQuery) {
        RequestRejected rejected = assertThrows(RequestRejected.class,
                () -> IngestParameters.from(QueryString.parse(rawQuery)));
        return rejected.code();
    }

    @Test
    void validParametersAreRead() throws RequestRejected {
        IngestParameters parameters = IngestParameters.from(QueryString.parse(
                "pipeline_id=835212&key=" + KEY + "&token=" + TOKEN + "&utm_source=x"));

        assertEquals(835212L, parameters.pipelineId());
        assertEquals(KEY, parameters.key());
        assertEquals(TOKEN, parameters.token());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "utm_source=x", "pipelineid=1&Key=" + KEY + "&TOKEN=x"})
    void noneOfTheThreeIsNoParametersProvided(String query) {
        assertEquals("NO_PARAMETERS_PROVIDED", codeFor(query));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "key=" + KEY + "&token=" + TOKEN + "|MISSING_PARAMETER: pipeline_id",
        "pipeline_id=&key=" + KEY + "&token=" + TOKEN + "|MISSING_PARAMETER: pipeline_id",
        "pipeline_id=1&token=" + TOKEN + "|MISSING_PARAMETER: key",
        "pipeline_id=1&key=" + KEY + "|MISSING_PARAMETER: token",
        "pipeline_id=1&key=" + KEY + "&token=|MISSING_PARAMETER: token",
        "pipeline_id=1&key=" + KEY + "&token=&token=|MISSING_PARAMETER: token",
        "token=" + TOKEN + "|MISSING_PARAMETER: pipeline_id",
        "pipeline_id=abc&token=" + TOKEN + "|MISSING_PARAMETER: key",
    })
    void missingOrEmptyParameterIsNamedInOrder(String query, String code) {
        assertEquals(code, codeFor(query));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "+1", "007", "1.0", "1e3", "abc", " 1", "1 ",
        "1234567890123456789", "%31%zz"})
    void malformedPipelineIdIsInvalid(String pipelineId) {
        assertEquals("INVALID_PARAMETER: pipeline_id",
                codeFor("pipeline_id=" + pipelineId + "&key=" + KEY + "&token=" + TOKEN));
    }

    @Test
    void eighteenDigitPipelineIdIsTheLargestAccepted() throws RequestRejected {
        IngestParameters parameters = IngestParameters.from(QueryString.parse(
                "pipeline_id=999999999999999999&key=" + KEY + "&token=" + TOKEN));

        assertEquals(999_999_999_999_999_999L, parameters.pipelineId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f1c2b4a1d2e4f5a9b8c0123456789ab", "{" + KEY + "}",
        "urn:uuid:" + KEY, "3f1c2b4a-1d2e-4f5a-9b8c-0123456789a", "3f1c2b4a-1d2e-4f5a-9b8c"
        + "-0123456789abc", "3f1c2b4g-1d2e-4f5a-9b8c-0123456789ab", "abcdefghijklmnop1234"})
    void keyThatIsNotACanonicalUuidIsInvalid(String key) {
        assertEquals("INVALID_PARAMETER: key",
                codeFor("pipeline_id=1&key=" + key + "&token=" + TOKEN));
    }

    @Test
    void upperCaseKeyIsAcceptedAndKeptLowerCase() throws RequestRejected {
        IngestParameters parameters = IngestParameters.from(QueryString.parse(
                "pipeline_id=1&key=" + KEY.toUpperCase() + "&token=" + TOKEN));

        assertEquals(KEY, parameters.key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklmno", KEY, "abcdefghijklmnop+1234",
        "abcdefghijklmnop%201234", "abcdefghijklmnop_1234", "abcdéfghijklmnop1234", "%zz"})
    void tokenThatIsNotSixteenToTwoHundredFiftySixLettersOrDigitsIsInvalid(String token) {
        assertEquals("INVALID_PARAMETER: token",
                codeFor("pipeline_id=1&key=" + KEY + "&token=" + token));
    }

    @Test
    void tokenLengthBoundsAreInclusive() throws RequestRejected {
        for (int length : new int[] {16, 256}) {
            String token = "a".repeat(length);

            IngestParameters parameters = IngestParameters.from(QueryString.parse(
                    "pipeline_id=1&key=" + KEY + "&token=" + token));

            assertEquals(token, parameters.token());
        }
        assertEquals("INVALID_PARAMETER: token",
                codeFor("pipeline_id=1&key=" + KEY + "&token=" + "a".repeat(257)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pipeline_id=1&pipeline_id=1&key=" + KEY + "&token=" + TOKEN + "|pipeline_id",
        "pipeline_id=1&key=" + KEY + "&key=" + KEY + "&token=" + TOKEN + "|key",
        "pipeline_id=1&key=" + KEY + "&token=" + TOKEN + "&token=" + TOKEN + "|token",
        "pipeline_id=1&key=" + KEY + "&token=&token=" + TOKEN + "|token",
    })
    void parameterGivenTwiceIsInvalid(String query, String name) {
        assertEquals("INVALID_PARAMETER: " + name, codeFor(query));
    }

    @Test
    void missingComesBeforeInvalidAcrossParameters() {
        assertEquals("MISSING_PARAMETER: token",
                codeFor("pipeline_id=0&key=nope&token="));
    }

    @Test
    void invalidIsReportedInParameterOrder() {
        assertEquals("INVALID_PARAMETER: key", codeFor("pipeline_id=1&key=nope&token=x"));
    }

    @Test
    void toStringNeverShowsTheToken() {
        IngestParameters parameters = new IngestParameters(1, KEY, TOKEN);

        assertFalse(parameters.toString().contains(TOKEN));
    }
}
