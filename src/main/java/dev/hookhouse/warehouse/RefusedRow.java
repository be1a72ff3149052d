package dev.hookhouse.warehouse;

/** A row the warehouse would not take, with the database's own error message. */
public record RefusedRow(String table, WarehouseRow row, String error) {
}
