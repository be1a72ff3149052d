package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    private static String json(String form) throws RequestRejected {
        return FormBody.toJson(form.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void fieldsBecomeStringMembersInOrder() throws RequestRejected {
        assertEquals("{\"z\":\"1\",\"a\":\"2\"}", json("z=1&a=2"));
    }

    @Test
    void plusIsASpaceAndEscapedPlusIsAPlus() throws RequestRejected {
        assertEquals("{\"Body\":\"hi there, 2+3=4\",\"From\":\"+15005550009\"}",
                json("Body=hi+there%2C+2%2B3%3D4&From=%2B15005550009"));
    }

    @Test
    void repeatedFieldBecomesAnArrayAtItsFirstPosition() throws RequestRejected {
        assertEquals("{\"a\":[\"1\",\"3\"],\"b\":\"2\"}", json("a=1&b=2&a=3"));
    }

    @Test
    void fieldWithoutEqualsIsEmptyAndEmptyPairsAreSkipped() throws RequestRejected {
        assertEquals("{\"flag\":\"\",\"x\":\"\"}", json("flag&&x=&"));
    }

    @Test
    void utf8AndJsonSpecialCharactersSurviveAsJsonText() throws RequestRejected {
        assertEquals("{\"t\":\"caf\u00e9 \\\"q\\\" \\\\ \\n 😀\"}",
                json("t=caf%C3%A9+%22q%22+%5C+%0A+%F0%9F%98%80"));
    }

    @Test
    void slackPayloadFieldHoldsItsJsonAsAString() throws RequestRejected {
        assertEquals("{\"payload\":\"{\\\"type\\\":\\\"block_actions\\\"}\"}",
                json("payload=%7B%22type%22%3A%22block_actions%22%7D"));
    }

    @Test
    void brokenEscapeOrInvalidUtf8IsInvalidBody() {
        for (String form : new String[] {"a=%zz", "a=%E", "a=%C3%28", "%zz=1"}) {
            RequestRejected rejected = assertThrows(RequestRejected.class, () -> json(form));
            assertEquals(IngestError.INVALID_BODY, rejected.error(), form);
        }
    }
}
