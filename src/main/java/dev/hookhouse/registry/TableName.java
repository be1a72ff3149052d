package dev.hookhouse.registry;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Warehouse table names: how one is derived from a pipeline name, which ones are accepted, and
 * the one way the warehouse code writes a name into SQL.
 *
 * <p><b>Derived names</b> ({@link #derive}) are easy to type in a query without quotes: the
 * pipeline name in Unicode NFC, lower case, every run of characters that are not letters or
 * digits turned into one {@code _}, no {@code _} at either end; {@code t_} in front when the
 * result would start with a digit or with the reserved {@code hookhouse_}; {@code pipeline_<id>}
 * when nothing is left; cut to {@value #MAX_BYTES} UTF-8 bytes. So {@code "Orders (EU) 2024"}
 * becomes {@code orders_eu_2024} and {@code "Zürich-Bestellungen"} becomes
 * {@code zürich_bestellungen}. SQL keywords are not renamed: {@code select} stays
 * {@code select} and must be quoted when queried by hand.
 *
 * <p><b>Given names</b> ({@link #check}) are kept exactly as typed, case included, since the
 * user asked for that table. They are refused when empty, longer than {@value #MAX_BYTES}
 * UTF-8 bytes (PostgreSQL would silently cut them and two pipelines could meet in one table),
 * holding control characters or blanks at either end, or starting with {@code hookhouse_}.
 *
 * <p><b>Uniqueness</b> is case-insensitive ({@link #uniquenessKey}) because DuckDB treats
 * {@code "Orders"} and {@code "orders"} as one table even when quoted.
 */
public final class TableName {

    /** PostgreSQL's NAMEDATALEN minus one: longer identifiers are truncated without error. */
    public static final int MAX_BYTES = 63;

    /** Kept for Hookhouse's own tables, which may share a database with pipeline tables. */
    public static final String RESERVED_PREFIX = "hookhouse_";

    private static final String DIGIT_OR_RESERVED_PREFIX = "t_";

    private TableName() {
    }

    /** The table for a pipeline created without {@code --table}; see the class comment. */
    public static String derive(String pipelineName, long pipelineId) {
        String folded = Normalizer.normalize(pipelineName, Normalizer.Form.NFC)
                .toLowerCase(Locale.ROOT);
        String words = underscoresForNonWords(folded);

        if (words.isEmpty()) {
            return "pipeline_" + pipelineId;
        }
        if (Character.isDigit(words.codePointAt(0)) || words.startsWith(RESERVED_PREFIX)) {
            words = DIGIT_OR_RESERVED_PREFIX + words;
        }
        return stripUnderscores(cutToMaxBytes(words));
    }

    /**
     * Checks a table name given by the user and returns it unchanged.
     *
     * @throws RegistryException of kind {@link RegistryException.Kind#INVALID} naming the rule
     */
    public static String check(String table) {
        if (table == null || table.isEmpty()) {
            throw invalid(table, "it is empty");
        }
        if (!table.strip().equals(table)) {
            throw invalid(table, "it starts or ends with a blank");
        }
        if (table.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid(table, "it contains a control character");
        }

        int bytes = table.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw invalid(table, "it is " + bytes + " bytes in UTF-8, PostgreSQL keeps only "
                    + MAX_BYTES);
        }
        if (uniquenessKey(table).startsWith(RESERVED_PREFIX)) {
            throw invalid(table, "names starting with " + RESERVED_PREFIX
                    + " are kept for Hookhouse's own tables");
        }
        return table;
    }

    /** The form two table names are compared in: equal keys would be one DuckDB table. */
    public static String uniquenessKey(String table) {
        return table.toLowerCase(Locale.ROOT);
    }

    private static String underscoresForNonWords(String text) {
        StringBuilder words = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (Character.isLetterOrDigit(codePoint)) {
                words.appendCodePoint(codePoint);
            } else if (words.length() > 0 && words.charAt(words.length() - 1) != '_') {
                words.append('_');
            }
        });
        return stripUnderscores(words.toString());
    }

    private static String cutToMaxBytes(String name) {
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int codePoint : name.codePoints().toArray()) {
            int size = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_BYTES) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
        }
        return kept.toString();
    }

    private static String stripUnderscores(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '_') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(start, end);
    }

    private static RegistryException invalid(String table, String reason) {
        String shown = table == null ? "(none)" : "'" + table + "'";
        return new RegistryException(RegistryException.Kind.INVALID,
                "table name " + shown + " is refused: " + reason);
    }
}
