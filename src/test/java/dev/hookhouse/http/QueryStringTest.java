package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void valuesAreDecodedWithPlusAsSpaceAndEscapesAsUtf8() {
        QueryString query = QueryString.parse("a=x+y&b=%2B1&c=caf%C3%A9&d=%E2%9C%93");

        assertEquals(List.of("x y"), query.values("a"));
        assertEquals(List.of("+1"), query.values("b"));
        assertEquals(List.of("café"), query.values("c"));
        assertEquals(List.of("✓"), query.values("d"));
    }

    @Test
    void emptyValueIsNotAnAbsentOne() {
        QueryString query = QueryString.parse("token=&key");

        assertEquals(List.of(""), query.values("token"));
        assertEquals(List.of(""), query.values("key"));
        assertTrue(query.has("token"));
        assertFalse(query.has("pipeline_id"));
    }

    @Test
    void repeatedNameKeepsEveryValueInOrder() {
        QueryString query = QueryString.parse("key=1&x=2&key=3");

        assertEquals(List.of("1", "3"), query.values("key"));
    }

    @Test
    void namesAreDecodedToo() {
        QueryString query = QueryString.parse("pipeline%5Fid=7");

        assertEquals(List.of("7"), query.values("pipeline_id"));
    }

    @Test
    void undecodableValueCountsAsGivenButHasNoText() {
        for (String raw : List.of("token=%zz", "token=%4", "token=%", "token=%C3%28",
                "token=%ED%A0%80")) {
            QueryString query = QueryString.parse(raw);

            assertEquals(Arrays.asList((String) null), query.values("token"), raw);
        }
    }

    @Test
    void undecodableNameIsDropped() {
        QueryString query = QueryString.parse("tok%zzen=abc&key=1");

        assertEquals(List.of(), query.values("tok%zzen"));
        assertEquals(List.of("1"), query.values("key"));
    }

    @Test
    void missingOrEmptyQueryHasNoParameters() {
        assertFalse(QueryString.parse(null).has("token"));
        assertFalse(QueryString.parse("").has("token"));
        assertFalse(QueryString.parse("&&").has(""));
    }

    @Test
    void valueMayHoldEqualsSigns() {
        assertEquals(List.of("a=b"), QueryString.parse("x=a=b").values("x"));
    }
}
