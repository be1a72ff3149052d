package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookhouse.testing.ChildServer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a torture scenario proves at its end: the request ids that were answered 200, each with
 * the body that was sent, compared with the warehouse table. Missing, duplicated and altered
 * must all be empty; a row that was stored but never acknowledged (its sender lost the answer
 * in a crash) is allowed and only counted.
 *
 * @param acknowledged how many requests were answered 200
 * @param stored how many rows the table holds
 * @param missing acknowledged ids without a row
 * @param duplicated ids with more than one row
 * @param altered acknowledged ids whose stored body differs from the one sent
 */
record Reconciliation(int acknowledged, long stored, List<String> missing,
        List<String> duplicated, List<String> altered) {

    static Reconciliation of(Map<String, String> acknowledged, StoredRows warehouse,
            String table) throws SQLException {
        Map<String, Long> counts = warehouse.countById(table);
        Map<String, StoredRows.Row> rows = warehouse.rows(table);

        List<String> missing = acknowledged.keySet().stream()
                .filter(id -> !counts.containsKey(id)).sorted().toList();
        List<String> duplicated = counts.entrySet().stream()
                .filter(count -> count.getValue() != 1).map(Map.Entry::getKey).sorted()
                .toList();
        List<String> altered = acknowledged.entrySet().stream()
                .filter(sent -> rows.containsKey(sent.getKey()))
                .filter(sent -> !sent.getValue().equals(rows.get(sent.getKey()).body()))
                .map(Map.Entry::getKey).sorted().toList();
        long stored = counts.values().stream().mapToLong(Long::longValue).sum();
        return new Reconciliation(acknowledged.size(), stored, missing, duplicated, altered);
    }

    /**
     * Waits for the loader to store every acknowledged id. Reads only while nothing waits for
     * the loader, so the reader rarely makes the loader retry.
     */
    static void awaitComplete(Map<String, String> acknowledged, StoredRows warehouse,
            String table, Installation installation, Duration timeout, Path serverLog)
            throws InterruptedException {
        Poll.until("every acknowledged id in the warehouse", timeout, 500,
                () -> installation.nothingWaitsForTheLoader()
                        && of(acknowledged, warehouse, table).complete(),
                () -> of(acknowledged, warehouse, table).summary() + "; server log:\n"
                        + ChildServer.tail(serverLog));
    }

    /** Every acknowledged id is in the table, once, with its body; nothing else matters. */
    boolean complete() {
        return missing.isEmpty() && duplicated.isEmpty() && altered.isEmpty();
    }

    void assertClean(String scenario) {
        System.out.println(scenario + ": " + this.summary());
        assertEquals(List.of(), first(missing), scenario + ": acknowledged but not stored");
        assertEquals(List.of(), first(duplicated), scenario + ": stored more than once");
        assertEquals(List.of(), first(altered), scenario + ": stored body differs from sent");
    }

    String summary() {
        return acknowledged + " acknowledged, " + stored + " rows, " + missing.size()
                + " missing, " + duplicated.size() + " duplicated, " + altered.size()
                + " altered";
    }

    /** Enough ids to look up, without a failure message of a million lines. */
    private static List<String> first(List<String> ids) {
        return ids.subList(0, Math.min(ids.size(), 20));
    }
}
