package dev.hookhouse.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SqlIdentifierTest {

    @Test
    void namesAreDoubleQuotedWithEmbeddedQuotesDoubled() {
        assertEquals("\"orders\"", SqlIdentifier.quote("orders"));
        assertEquals("\"Orders \"\"EU\"\" 2025\"", SqlIdentifier.quote("Orders \"EU\" 2025"));
        assertEquals("\"drop table x; --\"", SqlIdentifier.quote("drop table x; --"));
        assertEquals("\"\"\"\"", SqlIdentifier.quote("\""));
    }

    @Test
    void emptyNamesAndNulCharactersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SqlIdentifier.quote(""));
        assertThrows(IllegalArgumentException.class, () -> SqlIdentifier.quote("a\0b"));
    }
}
