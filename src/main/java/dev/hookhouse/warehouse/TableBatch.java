package dev.hookhouse.warehouse;

import java.util.List;

/** The rows of one segment that go to one table. */
public record TableBatch(String table, List<WarehouseRow> rows) {

    public TableBatch {
        rows = List.copyOf(rows);
    }
}
