package dev.hookhouse.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Webhook URLs as misconfigured senders write them, each with the answer the README's error
 * table gives: NO_PARAMETERS_PROVIDED, then MISSING_PARAMETER for the first absent one in the
 * order pipeline_id, key, token, then INVALID_PARAMETER for the first malformed one. Also the
 * harmless variations a server must accept: other parameters, any order, escaped characters.
 */
final class MalformedQueries {

    static final String PIPELINE_ID = "pipeline_id";
    static final String KEY = "key";
    static final String TOKEN = "token";
    private static final List<String> IN_ORDER = List.of(PIPELINE_ID, KEY, TOKEN);

    /** Parameters nobody checks, some with escapes that do not decode: all ignored. */
    private static final List<String> NOISE = List.of("utm_source=github", "x=%zz", "y=%",
            "%ff=1", "sig=a%2Bb", "Token=abc", "pipeline_idx=1", "", "flag");

    private static final List<String> BROKEN_ESCAPES = List.of("%zz", "%4", "%", "%G0", "%%");
    private static final List<String> NOT_UTF8 = List.of("%ff", "%c0%af", "%ed%a0%80", "%80",
            "%e9", "%f4%90%80%80");
    private static final List<String> BAD_PIPELINE_IDS = List.of("1234567890123456789",
            "9223372036854775808", "12345678901234567890", "+123", "%2B123", "-5", "0", "007",
            "1.5", "1e3", "12a", "%EF%BC%91%EF%BC%92", "0x1F");

    /**
     * A query and the answer it gets.
     *
     * @param error the code, or null when the parameters pass
     */
    record Query(String text, String error) {
    }

    private final Random random;
    private final long pipelineId;
    private final String key;
    private final String token;

    MalformedQueries(Random random, long pipelineId, String key, String token) {
        this.random = random;
        this.pipelineId = pipelineId;
        this.key = key;
        this.token = token;
    }

    /** Valid parameters, in any order, among others, characters escaped at random. */
    Query accepted() {
        String keySpelling = random.nextInt(4) == 0 ? key.toUpperCase(Locale.ROOT) : key;
        return new Query(join(List.of(PIPELINE_ID + "=" + escapeSome(Long.toString(pipelineId)),
                KEY + "=" + escapeSome(keySpelling), TOKEN + "=" + escapeSome(token))), null);
    }

    /** One of the ways a query goes wrong. */
    Query refused() {
        return switch (random.nextInt(8)) {
            case 0 -> noParameters();
            case 1 -> missing();
            case 2 -> withValue(anyParameter(), pick(BROKEN_ESCAPES), "INVALID_PARAMETER");
            case 3 -> withValue(anyParameter(), pick(NOT_UTF8), "INVALID_PARAMETER");
            case 4 -> repeated();
            case 5 -> withValue(PIPELINE_ID, pick(BAD_PIPELINE_IDS), "INVALID_PARAMETER");
            case 6 -> withValue(KEY, badKey(), "INVALID_PARAMETER");
            default -> random.nextBoolean() ? withValue(TOKEN, badToken(), "INVALID_PARAMETER")
                    : swappedKeyAndToken();
        };
    }

    private Query noParameters() {
        List<String> queries = List.of("", "&&", "utm_source=x", "Pipeline_ID=" + pipelineId
                + "&KEY=" + key + "&TOKEN=" + token, "x=%zz&%ff=" + token);
        return new Query(pick(queries), "NO_PARAMETERS_PROVIDED");
    }

    /** Absent or empty; it wins over a malformed parameter elsewhere, even a later one. */
    private Query missing() {
        String absent = anyParameter();
        List<String> pairs = new ArrayList<>();
        for (String name : IN_ORDER) {
            if (name.equals(absent)) {
                pairs.add(pick(List.of("", name + "=", name, name + "=&" + name + "=")));
            } else {
                pairs.add(name + "=" + (random.nextBoolean() ? valueOf(name) : "%zz"));
            }
        }
        return new Query(join(pairs), "MISSING_PARAMETER: " + absent);
    }

    private Query repeated() {
        String twice = anyParameter();
        String second = pick(List.of(valueOf(twice), "", "%zz", valueOf(twice) + "0"));
        List<String> pairs = validPairsExcept(twice, twice + "=" + valueOf(twice));
        pairs.add(twice + "=" + second);
        return new Query(join(pairs), "INVALID_PARAMETER: " + twice);
    }

    /** The UUID where the token goes and the token where the key goes: the key fails first. */
    private Query swappedKeyAndToken() {
        return new Query(join(List.of(PIPELINE_ID + "=" + pipelineId, KEY + "=" + token,
                TOKEN + "=" + key)), "INVALID_PARAMETER: " + KEY);
    }

    /**
     * {@code name} has the malformed {@code value}; a parameter checked after it may be broken
     * too, and the answer still names the first.
     */
    private Query withValue(String name, String value, String error) {
        List<String> pairs = validPairsExcept(name, name + "=" + value);
        int position = IN_ORDER.indexOf(name);
        if (position < IN_ORDER.size() - 1 && random.nextBoolean()) {
            String later = IN_ORDER.get(position + 1);
            pairs.removeIf(pair -> pair.startsWith(later + "="));
            pairs.add(later + "=" + pick(BROKEN_ESCAPES));
        }
        return new Query(join(pairs), error + ": " + name);
    }

    private String badKey() {
        String plain = key.replace("-", "");
        return pick(List.of(plain, "%7B" + key + "%7D", "urn:uuid:" + key, key + "0",
                key.substring(1), key.substring(0, 9) + "-" + plain.substring(8), "+" + key,
                key.substring(0, 35) + "g", "00000000-0000-0000-0000-00000000000"));
    }

    private String badToken() {
        return pick(List.of(token + "!", token + "-x", "_" + token, token + ".", token + "%21",
                token + "+", token.substring(0, 15), "A".repeat(257), "%C3%A9".repeat(16),
                token.substring(0, 10) + "%20" + token.substring(10)));
    }

    private List<String> validPairsExcept(String name, String replacement) {
        List<String> pairs = new ArrayList<>();
        for (String each : IN_ORDER) {
            pairs.add(each.equals(name) ? replacement : each + "=" + valueOf(each));
        }
        return pairs;
    }

    private String valueOf(String name) {
        return switch (name) {
            case PIPELINE_ID -> Long.toString(pipelineId);
            case KEY -> key;
            default -> token;
        };
    }

    /** Shuffled, with parameters of no concern mixed in. */
    private String join(List<String> pairs) {
        List<String> all = new ArrayList<>(pairs);
        for (int i = random.nextInt(3); i > 0; i--) {
            all.add(pick(NOISE));
        }
        Collections.shuffle(all, random);
        return String.join("&", all);
    }

    /** Writes some characters as %XX, in either case of hex: the same value once decoded. */
    private String escapeSome(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (random.nextInt(6) == 0) {
                String hex = String.format("%%%02X", (int) c);
                escaped.append(random.nextBoolean() ? hex : hex.toLowerCase(Locale.ROOT));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private String anyParameter() {
        return pick(IN_ORDER);
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
