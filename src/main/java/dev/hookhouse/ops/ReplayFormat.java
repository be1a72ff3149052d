package dev.hookhouse.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a replay did, or would do, for people and for scripts. */
public final class ReplayFormat {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ReplayFormat() {
    }

    public static String text(Replay.Selection selection, Replay.Outcome outcome) {
        StringBuilder text = new StringBuilder();
        text.append(outcome.dryRun() ? "Dry run: nothing is written.\n" : "");
        text.append("Replay from ").append(selection.area().label()).append(", request time ")
                .append(selection.from() == null ? "any" : "from " + selection.from())
                .append(selection.to() == null ? "" : " to " + selection.to())
                .append(", ").append(selection.pipelineId() == null ? "every pipeline"
                        : "pipeline " + selection.pipelineId()).append('\n');
        for (Replay.Source source : outcome.sources()) {
            text.append(String.format("  %-32s %8d records%n", source.file(), source.records()));
        }

        text.append(outcome.records()).append(" records");
        if (outcome.duplicates() > 0) {
            text.append(" (").append(outcome.duplicates())
                    .append(" repeated request ids taken once)");
        }
        if (outcome.unreplayable() > 0) {
            text.append("; ").append(outcome.unreplayable())
                    .append(" corrupt lines cannot be replayed");
        }
        text.append('\n');
        appendSegments(text, outcome);
        return text.toString();
    }

    private static void appendSegments(StringBuilder text, Replay.Outcome outcome) {
        if (outcome.segments().isEmpty()) {
            text.append("Nothing to replay.\n");
            return;
        }
        String verb = outcome.dryRun() ? "would write" : "wrote";
        for (Replay.Segment segment : outcome.segments()) {
            text.append(verb).append(" incoming/").append(segment.file()).append(" (")
                    .append(segment.records()).append(" records, ")
                    .append(StatusFormat.size(segment.bytes())).append(")\n");
        }
        if (!outcome.dryRun()) {
            text.append("The loader takes them at its next run; rows already in the warehouse"
                    + " are kept as they are.\n");
        }
    }

    public static String json(Replay.Selection selection, Replay.Outcome outcome) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dry_run", outcome.dryRun());
        root.put("area", selection.area().label());
        root.put("from", selection.from() == null ? null : selection.from().toString());
        root.put("to", selection.to() == null ? null : selection.to().toString());
        root.put("pipeline_id", selection.pipelineId());
        root.put("sources", outcome.sources());
        root.put("records", outcome.records());
        root.put("duplicates", outcome.duplicates());
        root.put("unreplayable", outcome.unreplayable());
        root.put("segments", outcome.segments());
        try {
            return JSON.writeValueAsString(root) + '\n';
        } catch (JsonProcessingException onlyMapsAndRecords) {
            throw new IllegalStateException(onlyMapsAndRecords);
        }
    }
}
