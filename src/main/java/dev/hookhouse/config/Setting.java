package dev.hookhouse.config;

import java.util.Locale;

/**
 * One documented configuration key: its default, its unit and the range it accepts.
 *
 * <p>Every key can be overridden from the environment: upper case, dots and hyphens to
 * underscores ({@code hookhouse.http.port} becomes {@code HOOKHOUSE_HTTP_PORT}).
 */
public record Setting(
        String key,
        String defaultValue,
        Kind kind,
        long min,
        long max,
        boolean secret,
        String description) {

    /** How a value is read and checked. */
    public enum Kind { INTEGER, BOOLEAN, TEXT }

    static Setting integer(String key, long defaultValue, long min, long max, String description) {
        return new Setting(key, Long.toString(defaultValue), Kind.INTEGER, min, max, false,
                description);
    }

    static Setting bool(String key, boolean defaultValue, String description) {
        return new Setting(key, Boolean.toString(defaultValue), Kind.BOOLEAN, 0, 0, false,
                description);
    }

    static Setting text(String key, String defaultValue, String description) {
        return new Setting(key, defaultValue, Kind.TEXT, 0, 0, false, description);
    }

    static Setting secret(String key, String description) {
        return new Setting(key, "", Kind.TEXT, 0, 0, true, description);
    }

    /** The environment variable that overrides this key. */
    public String environmentName() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Checks a raw value and returns it normalised, or throws naming key, value and range. */
    String check(String raw, String source) {
        String value = raw.strip();
        switch (kind) {
            case INTEGER -> checkInteger(value, source);
            case BOOLEAN -> checkBoolean(value, source);
            case TEXT -> { }
        }
        return value;
    }

    private void checkInteger(String value, String source) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            throw refuse(value, source, "a whole number from " + min + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw refuse(value, source, "a whole number from " + min + " to " + max);
        }
    }

    private void checkBoolean(String value, String source) {
        if (!value.equals("true") && !value.equals("false")) {
            throw refuse(value, source, "true or false");
        }
    }

    private ConfigException refuse(String value, String source, String allowed) {
        String shown = secret ? "(hidden)" : "'" + value + "'";
        return new ConfigException(
                key + " = " + shown + " (from " + source + ") is not allowed: expected " + allowed);
    }
}
