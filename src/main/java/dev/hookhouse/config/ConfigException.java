package dev.hookhouse.config;

/**
 * A setting that cannot be used. The message names the key, the value and what is allowed, so
 * that an operator can fix the file or the environment without reading code.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
