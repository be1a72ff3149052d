package dev.hookhouse.spool;

/** Realistic records whose ids tell tests which append they came from. */
final class TestRecords {

    static final String KEY = "2b7c1f5e-8d7a-4c3e-9b1a-5f6e7d8c9b0a";
    static final String TOKEN_SHA256 =
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private TestRecords() {
    }

    /** A request id of 20 lowercase letters that encodes {@code n}. */
    static String id(long n) {
        char[] letters = new char[20];
        long rest = n;
        for (int i = letters.length - 1; i >= 0; i--) {
            letters[i] = (char) ('a' + rest % 26);
            rest /= 26;
        }
        return new String(letters);
    }

    static SpoolRecord record(long n) {
        return record(id(n), "{\"event\":\"test\",\"n\":" + n + "}");
    }

    static SpoolRecord record(String id, String body) {
        return new SpoolRecord(id, "1577015690.3118637", 835212, KEY, TOKEN_SHA256, body);
    }
}
