package dev.hookhouse.warehouse;

/**
 * Quotes names for SQL. Table names come from users and may hold any characters (spaces,
 * quotes, dots, upper case, keywords), so they are always written as one quoted identifier,
 * never pasted in bare.
 */
public final class SqlIdentifier {

    private SqlIdentifier() {
    }

    /**
     * The name as a standard SQL delimited identifier: in double quotes, with each embedded
     * double quote doubled. PostgreSQL and DuckDB both read it back as exactly {@code name}.
     *
     * @throws IllegalArgumentException for an empty name or one holding U+0000, which no
     *     database accepts in an identifier
     */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a table name must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a table name must not hold the character U+0000");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
