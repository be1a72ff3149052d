package dev.hookhouse.warehouse;

import java.sql.SQLException;

/** Database errors made into one readable line for logs and dead-letter records. */
final class ErrorText {

    private ErrorText() {
    }

    /** The first line of a message; DuckDB appends the SQL and a caret on later lines. */
    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String text = message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }

    /** The error and, when it wraps one, its cause: a pool timeout says little alone. */
    static String withCause(SQLException failure) {
        StringBuilder text = new StringBuilder(firstLine(failure.getMessage()));
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null) {
            text.append(" (").append(firstLine(cause.getMessage())).append(')');
        }
        return text.toString();
    }
}
