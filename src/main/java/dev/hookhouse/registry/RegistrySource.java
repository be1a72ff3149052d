package dev.hookhouse.registry;

import java.sql.SQLException;

/** Where the loader gets the tokens and pipelines it authenticates records against. */
public interface RegistrySource {

    /** Reads every token and pipeline as they are now. */
    RegistrySnapshot snapshot() throws SQLException;
}
