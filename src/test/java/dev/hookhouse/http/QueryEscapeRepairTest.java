package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryEscapeRepairTest {

    @Test
    void validEscapesAreNotBroken() {
        assertFalse(QueryEscapeRepair.hasBrokenEscape("a=%2B&b=%e2%9c%93&c=plain"));
    }

    @Test
    void strayPercentSignsAreBroken() {
        for (String query : List.of("a=%zz", "a=%4", "a=%", "a=%%41", "%g1=x")) {
            assertTrue(QueryEscapeRepair.hasBrokenEscape(query), query);
        }
    }

    @Test
    void repairEscapesOnlyTheStrayPercentSigns() {
        assertEquals("a=%25zz&b=%2B&c=%25", QueryEscapeRepair.repaired("a=%zz&b=%2B&c=%"));
    }

    @Test
    void repairedValueDecodesToTheTextAsSent() {
        QueryString query = QueryString.parse(QueryEscapeRepair.repaired("token=%zz&x=%41"));

        assertEquals(List.of("%zz"), query.values("token"));
        assertEquals(List.of("A"), query.values("x"));
    }

    @Test
    void repairedQueryGivesTheSameAnswerAsTheOriginal() {
        for (String raw : List.of("pipeline_id=%zz", "token=%", "key=%4")) {
            String name = raw.substring(0, raw.indexOf('='));

            List<String> original = QueryString.parse(raw).values(name);
            List<String> repaired = QueryString.parse(QueryEscapeRepair.repaired(raw))
                    .values(name);

            assertEquals(Arrays.asList((String) null), original);
            assertEquals(1, repaired.size());
            assertTrue(repaired.get(0).contains("%"), "no parameter form allows a %");
        }
    }
}
