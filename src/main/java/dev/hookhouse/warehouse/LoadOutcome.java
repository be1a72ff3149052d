package dev.hookhouse.warehouse;

import java.util.List;

/**
 * What one committed segment load did.
 *
 * @param rowsInserted rows that were new; rows already present (a replay) are not counted
 * @param refused rows the warehouse refused; everything else of the segment was committed
 */
public record LoadOutcome(long rowsInserted, List<RefusedRow> refused) {

    public LoadOutcome {
        refused = List.copyOf(refused);
    }

    public static LoadOutcome nothing() {
        return new LoadOutcome(0, List.of());
    }
}
