package dev.hookhouse.warehouse;

/**
 * One row as it goes into a pipeline's table.
 *
 * @param requestId the request id, the table's unique key
 * @param timestamp epoch seconds exactly as acknowledged to the sender (decimal digits, never
 *     passed through a double)
 * @param body the request body's text, stored without any change
 */
public record WarehouseRow(String requestId, String timestamp, String body) {
}
