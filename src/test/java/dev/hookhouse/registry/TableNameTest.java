package dev.hookhouse.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableNameTest {

    private static final long ID = 835212;

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "orders                  | orders",
        "Orders (EU) 2024        | orders_eu_2024",
        "my-pipeline.v2          | my_pipeline_v2",
        "~  spaced   out  ~      | spaced_out",
        "it's \"quoted\"         | it_s_quoted",
        "SELECT                  | select",
        "Zürich-Bestellungen     | zürich_bestellungen",
        "日本語 データ             | 日本語_データ",
        "2024 sales              | t_2024_sales",
        "Hookhouse tokens        | t_hookhouse_tokens",
        "__already_snake__       | already_snake",
        "'; DROP TABLE x; --     | drop_table_x",
        "!!!                     | pipeline_835212",
        "🎉🎉                    | pipeline_835212",
    })
    void derivedNameIsLowerCaseWordsJoinedByUnderscores(String name, String table) {
        assertEquals(table, TableName.derive(name, ID));
    }

    @Test
    void derivedNameIsTheSameForComposedAndDecomposedAccents() {
        assertEquals("zürich", TableName.derive("Zu\u0308rich", ID));
        assertEquals("zürich", TableName.derive("Z\u00fcrich", ID));
    }

    @Test
    void derivedNameIsCutToPostgresLimitOnACharacterBoundary() {
        String ascii = TableName.derive("a".repeat(100), ID);
        String twoByte = TableName.derive("ä".repeat(100), ID);
        String cutAtSeparator = TableName.derive("x".repeat(62) + " tail", ID);

        assertEquals("a".repeat(63), ascii);
        assertEquals("ä".repeat(31), twoByte);
        assertEquals("x".repeat(62), cutAtSeparator);
    }

    @Test
    void everyDerivedNamePassesTheCheckForGivenNames() {
        List<String> names = List.of("orders", "Orders (EU) 2024", "!!!", "2024",
                "ä".repeat(100), "Hookhouse_tokens", "a\tb\nc", "x".repeat(62) + " tail");

        for (String name : names) {
            String table = TableName.derive(name, ID);
            assertEquals(table, TableName.check(table));
            assertTrue(table.getBytes(StandardCharsets.UTF_8).length <= TableName.MAX_BYTES);
        }
    }

    @Test
    void givenNamesAreKeptExactly() {
        List<String> names = List.of("Orders", "my-pipeline", "a.b", "with space", "select",
                "it's \"quoted\"", "Zürich", "日本語", "\"", "emoji 🎉", "a".repeat(63));

        for (String name : names) {
            assertEquals(name, TableName.check(name));
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "~~                 | empty",
        "~ leading~         | blank",
        "~trailing ~        | blank",
        "hookhouse_tokens   | kept for Hookhouse",
        "HOOKHOUSE_x        | kept for Hookhouse",
    })
    void givenNamesBreakingARuleAreRefusedWithTheRule(String table, String rule) {
        RegistryException refused = assertThrows(RegistryException.class,
                () -> TableName.check(table));

        assertEquals(RegistryException.Kind.INVALID, refused.kind());
        assertTrue(refused.getMessage().contains(rule), refused.getMessage());
    }

    @Test
    void givenNamesWithControlCharactersAreRefused() {
        for (String table : List.of("line\nbreak", "nul\0inside", "tab\there", "del\u007f")) {
            RegistryException refused = assertThrows(RegistryException.class,
                    () -> TableName.check(table));
            assertTrue(refused.getMessage().contains("control character"), refused.getMessage());
        }
    }

    @Test
    void givenNamesOverSixtyThreeBytesAreRefusedWithTheirSize() {
        RegistryException refused = assertThrows(RegistryException.class,
                () -> TableName.check("東".repeat(22)));

        assertTrue(refused.getMessage().contains("66 bytes"), refused.getMessage());
        assertTrue(refused.getMessage().contains("PostgreSQL"), refused.getMessage());
    }

    @Test
    void namesDifferingOnlyInCaseHaveTheSameUniquenessKey() {
        assertEquals(TableName.uniquenessKey("Orders"), TableName.uniquenessKey("ORDERS"));
        assertEquals(TableName.uniquenessKey("ZÜRICH"), TableName.uniquenessKey("zürich"));
    }
}
