package dev.hookhouse.e2e;

import java.util.List;
import java.util.Random;

/**
 * Valid JSON text drawn from a seeded random, written by hand so every byte is chosen: odd
 * whitespace, every escape, raw 4-byte UTF-8, numbers no double can hold. What it writes is
 * what the warehouse must give back, byte for byte. It writes no lone surrogate escape: that
 * one is B04 of the shared cases, which DuckDB sets aside on purpose.
 */
final class RandomJson {

    private static final List<String> WHITESPACE = List.of("", "", "", " ", "\n", "\r\n", "\t");
    private static final List<String> ESCAPES = List.of("\\\"", "\\\\", "\\/", "\\b", "\\f",
            "\\n", "\\r", "\\t", "\\u00e9", "\\u0000", "\\u001f", "\\u2028", "\\ud83d\\ude00");
    private static final List<String> RAW_TEXT = List.of("a", "Z", "0", " ", "é", "ß", "日本",
            "\u2028", "\uFEFF", "e\u0301", "😀", "👍🏽", "\uD834\uDD1E", "\u00A0", "<>&'");
    private static final List<String> NUMBERS = List.of("0", "-0", "7", "-12", "3.25",
            "1e3", "-1.5E-300", "12345678901234567890123", "0.10000000000000000555",
            "9007199254740993", "18446744073709551617");
    private static final List<String> LITERALS = List.of("true", "false", "null");

    private static final int DEEPEST = 12;

    private final Random random;

    RandomJson(Random random) {
        this.random = random;
    }

    /** Any JSON value, scalars too, with whitespace around it; about {@code roughBytes} long. */
    String document(int roughBytes) {
        StringBuilder text = new StringBuilder();
        text.append(pick(WHITESPACE));
        value(text, roughBytes, 0);
        text.append(pick(WHITESPACE));
        return text.toString();
    }

    /** An object or an array with nothing around it: no strict prefix of it is valid JSON. */
    String container(int roughBytes) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            object(text, roughBytes, 1);
        } else {
            array(text, roughBytes, 1);
        }
        return text.toString();
    }

    /** Arrays nested exactly {@code depth} deep, the innermost holding a number. */
    static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    /** A JSON object of exactly {@code bytes} UTF-8 bytes: one member padded with letters. */
    static String ofExactSize(int bytes) {
        String shell = "{\"pad\":\"\"}";
        return "{\"pad\":\"" + "x".repeat(bytes - shell.length()) + "\"}";
    }

    private void value(StringBuilder text, int budget, int depth) {
        int choice = random.nextInt(depth >= DEEPEST ? 3 : 5);
        switch (choice) {
            case 0 -> string(text, 1 + random.nextInt(Math.max(1, Math.min(budget, 200))));
            case 1 -> text.append(pick(NUMBERS));
            case 2 -> text.append(pick(LITERALS));
            case 3 -> object(text, budget, depth + 1);
            default -> array(text, budget, depth + 1);
        }
    }

    private void object(StringBuilder text, int budget, int depth) {
        members(text, budget, depth, true);
    }

    private void array(StringBuilder text, int budget, int depth) {
        members(text, budget, depth, false);
    }

    /** An object's members or an array's elements, until the budget is spent or by chance. */
    private void members(StringBuilder text, int budget, int depth, boolean named) {
        int end = text.length() + budget;
        text.append(named ? '{' : '[').append(pick(WHITESPACE));
        boolean first = true;
        while (text.length() < end && random.nextInt(8) != 0) {
            text.append(first ? "" : ",").append(pick(WHITESPACE));
            if (named) {
                string(text, 1 + random.nextInt(12));
                text.append(pick(WHITESPACE)).append(':').append(pick(WHITESPACE));
            }
            value(text, (end - text.length()) / 2, depth);
            first = false;
        }
        text.append(pick(WHITESPACE)).append(named ? '}' : ']');
    }

    private void string(StringBuilder text, int pieces) {
        text.append('"');
        for (int i = 0; i < pieces; i++) {
            text.append(random.nextInt(4) == 0 ? pick(ESCAPES) : pick(RAW_TEXT));
        }
        text.append('"');
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
