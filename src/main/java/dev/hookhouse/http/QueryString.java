package dev.hookhouse.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A query string split into its parameters, in order, keeping what a header map loses: an
 * empty value ({@code token=}) is not an absent one, and a name given twice has two values.
 *
 * <p>A value whose escapes do not decode is kept as {@code null} so that the parameter still
 * counts as given (and is then refused as invalid); a name that does not decode cannot be one
 * of ours and is dropped.
 */
final class QueryString {

    private record Parameter(String name, String value) { }

    private final List<Parameter> parameters;

    private QueryString(List<Parameter> parameters) {
        this.parameters = parameters;
    }

    /** Parses the raw query (without {@code ?}); {@code null} means there was none. */
    static QueryString parse(String rawQuery) {
        List<Parameter> parameters = new ArrayList<>();
        if (rawQuery == null) {
            return new QueryString(parameters);
        }

        int pairStart = 0;
        while (pairStart <= rawQuery.length()) {
            int pairEnd = rawQuery.indexOf('&', pairStart);
            if (pairEnd < 0) {
                pairEnd = rawQuery.length();
            }
            addPair(rawQuery, pairStart, pairEnd, parameters);
            pairStart = pairEnd + 1;
        }
        return new QueryString(parameters);
    }

    private static void addPair(String raw, int start, int end, List<Parameter> parameters) {
        if (start == end) {
            return;
        }

        int equals = raw.indexOf('=', start);
        int nameEnd = equals < 0 || equals > end ? end : equals;
        String name = PercentDecoding.decodeOrNull(raw, start, nameEnd);
        if (name == null) {
            return;
        }

        String value = nameEnd == end ? "" : PercentDecoding.decodeOrNull(raw, nameEnd + 1, end);
        parameters.add(new Parameter(name, value));
    }

    /** Every value given for {@code name}, in order; {@code null} entries did not decode. */
    List<String> values(String name) {
        List<String> values = new ArrayList<>(1);
        for (Parameter parameter : parameters) {
            if (parameter.name().equals(name)) {
                values.add(parameter.value());
            }
        }
        return values;
    }

    boolean has(String name) {
        return !values(name).isEmpty();
    }
}
