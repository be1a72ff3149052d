package dev.hookhouse.loader;

import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.RegistrySnapshot;
import dev.hookhouse.spool.SegmentReader;
import dev.hookhouse.spool.SpoolRecord;
import dev.hookhouse.warehouse.LoadOutcome;
import dev.hookhouse.warehouse.RefusedRow;
import dev.hookhouse.warehouse.TableBatch;
import dev.hookhouse.warehouse.WarehouseRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One segment's contents sorted into rows per table and records set aside. */
final class SortedSegment {

    private final String segmentName;
    private final Instant time;
    private final Map<String, List<WarehouseRow>> rowsByTable = new LinkedHashMap<>();
    private final Map<String, SpoolRecord> acceptedById = new HashMap<>();
    private final Map<Long, Long> acceptedByPipeline = new HashMap<>();
    private final List<SetAsideRecord> rejected = new ArrayList<>();

    private SortedSegment(String segmentName, Instant time) {
        this.segmentName = segmentName;
        this.time = time;
    }

    static SortedSegment sort(SegmentReader.Contents contents, RegistrySnapshot registry,
            String segmentName, Instant time) {
        SortedSegment sorted = new SortedSegment(segmentName, time);
        for (SegmentReader.BadLine bad : contents.badLines()) {
            sorted.rejected.add(SetAsideRecord.corruptLine(bad.problem(), time, segmentName,
                    bad.byteOffset(), bad.bytes()));
        }
        for (SpoolRecord record : contents.records()) {
            sorted.add(record, registry);
        }
        return sorted;
    }

    private void add(SpoolRecord record, RegistrySnapshot registry) {
        Optional<Rejection> rejection = Authenticator.check(record, registry);
        if (rejection.isPresent()) {
            rejected.add(SetAsideRecord.rejected(rejection.get(), time, segmentName, record));
            return;
        }

        PipelineEntry pipeline = registry.pipelinesById().get(record.pipelineId());
        rowsByTable.computeIfAbsent(pipeline.table(), table -> new ArrayList<>())
                .add(new WarehouseRow(record.requestId(), record.timestamp(), record.body()));
        acceptedById.put(record.requestId(), record);
        acceptedByPipeline.merge(record.pipelineId(), 1L, Long::sum);
    }

    List<TableBatch> batches() {
        List<TableBatch> batches = new ArrayList<>();
        rowsByTable.forEach((table, rows) -> batches.add(new TableBatch(table, rows)));
        return batches;
    }

    List<SetAsideRecord> rejected() {
        return rejected;
    }

    /** The refused rows of {@code outcome} as dead-letter records. */
    List<SetAsideRecord> deadLetters(LoadOutcome outcome) {
        List<SetAsideRecord> deadLetters = new ArrayList<>();
        for (RefusedRow refused : outcome.refused()) {
            SpoolRecord record = acceptedById.get(refused.row().requestId());
            deadLetters.add(SetAsideRecord.refused(refused.error(), refused.table(), time,
                    segmentName, record));
        }
        return deadLetters;
    }

    /** Rows per pipeline that went into the warehouse: accepted and not refused. */
    Map<Long, Long> loadedByPipeline(LoadOutcome outcome) {
        Map<Long, Long> loaded = new HashMap<>(acceptedByPipeline);
        for (RefusedRow refused : outcome.refused()) {
            SpoolRecord record = acceptedById.get(refused.row().requestId());
            loaded.merge(record.pipelineId(), -1L, Long::sum);
        }
        return loaded;
    }
}
