package dev.hookhouse.warehouse;

import java.util.List;

/**
 * A database that pipeline tables live in. One implementation per dialect; the loader only
 * sees this interface.
 *
 * <p>Every pipeline table has the same three columns and is created on first use:
 * {@value #REQUEST_ID} (text, unique), {@value #TIMESTAMP} (exact decimal epoch seconds) and
 * {@value #BODY} (a JSON type that keeps the text exactly as sent).
 */
public interface Warehouse extends AutoCloseable {

    String REQUEST_ID = "__kdd_request_id";
    String TIMESTAMP = "__kdd_request_unix_timestamp";
    String BODY = "__kdd_request_body";

    /**
     * Opens what one loader run needs (a pooled connection, or the DuckDB file). The caller
     * closes it at the end of the run.
     */
    Session openSession() throws WarehouseUnavailableException;

    /** The warehouse for log lines, with any password masked. */
    String describe();

    /** Releases pooled connections; sessions must be closed first. */
    @Override
    void close();

    /** One loader run's hold on the warehouse. */
    interface Session extends AutoCloseable {

        /**
         * Loads one segment's rows into their tables in one transaction. Loading is idempotent
         * by request id: a row whose id is already in its table is skipped. Rows the database
         * refuses are set apart and returned; the rest is committed.
         *
         * @throws WarehouseUnavailableException if nothing was committed and the segment
         *     should be tried again later
         */
        LoadOutcome load(List<TableBatch> segment) throws WarehouseUnavailableException;

        @Override
        void close();
    }
}
