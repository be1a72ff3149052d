package dev.hookhouse.ops;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Request times as the replay command takes them and as records carry them. A record's
 * {@code ts} is decimal epoch seconds; comparisons stay in decimals so that no digit of it is
 * rounded through a double.
 */
public final class RequestTimes {

    private RequestTimes() {
    }

    /** {@link #parse}, or null for a null {@code text} (an option not given). */
    public static Instant parseOrNull(String text) {
        return text == null ? null : parse(text);
    }

    /**
     * Reads {@code 2025-01-02T03:04:05Z}, an ISO date-time with an offset, a date
     * ({@code 2025-01-02}: its midnight, UTC) or epoch seconds ({@code 1735787045.5}).
     *
     * @throws IllegalArgumentException naming the forms accepted
     */
    public static Instant parse(String text) {
        String value = text.strip();
        try {
            if (value.matches("[0-9]+(\\.[0-9]+)?")) {
                return IncomingBacklog.epochSecondsToInstant(new BigDecimal(value));
            }
            if (value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException | ArithmeticException notATime) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use"
                    + " 2025-01-02T03:04:05Z, 2025-01-02T05:04:05+02:00, 2025-01-02 (UTC)"
                    + " or epoch seconds");
        }
    }

    /** {@code instant} as decimal epoch seconds, exact to the nanosecond. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9));
    }
}
