package dev.hookhouse.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hookhouse.loader.SetAsideFile;
import dev.hookhouse.loader.SetAsideRecord;
import dev.hookhouse.spool.SpoolLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hookhouse rejected list}: the records the loader set aside, so that "why is my data
 * not there" has an answer. Reads the spool's rejected and dead-letter areas; works while the
 * server runs, since those files are only ever replaced whole by an atomic rename.
 */
@Command(name = "rejected", description = "Records that were not loaded, and why.",
        subcommands = {RejectedCommand.ListCommand.class})
final class RejectedCommand {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private static final int DETAIL_COLUMNS = 60;

    /** One set-aside record and the area it is in. */
    record Listed(String area, SetAsideRecord entry) {
    }

    @Command(name = "list", description = "List rejected and dead-letter records, oldest first.")
    static final class ListCommand implements Callable<Integer> {

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Mixin
        ConfigOption config;

        @Option(names = "--json", description = "One JSON array, one object per record.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            SpoolLayout layout = new SpoolLayout(config.load().spoolDir());
            List<Listed> listed = new ArrayList<>();
            readArea(layout.rejected(), SpoolLayout.REJECTED, "rejected", listed);
            readArea(layout.deadLetter(), SpoolLayout.DEAD, "dead-letter", listed);
            listed.sort((a, b) -> a.entry().time().compareTo(b.entry().time()));

            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? asJson(listed) : asTable(listed));
            out.flush();
            return 0;
        }
    }

    static void readArea(Path area, String suffix, String areaName, List<Listed> into)
            throws IOException {
        for (Path file : SpoolLayout.list(area, suffix)) {
            for (SetAsideRecord entry : SetAsideFile.read(file)) {
                into.add(new Listed(areaName, entry));
            }
        }
    }

    static String asJson(List<Listed> listed) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartArray();
            for (Listed item : listed) {
                SetAsideRecord entry = item.entry();
                json.writeStartObject();
                json.writeStringField("request_id",
                        entry.record() == null ? null : entry.record().requestId());
                if (entry.record() == null) {
                    json.writeNullField("pipeline_id");
                } else {
                    json.writeNumberField("pipeline_id", entry.record().pipelineId());
                }
                json.writeStringField("reason", entry.reason().name());
                json.writeStringField("time", entry.time().toString());
                json.writeStringField("area", item.area());
                json.writeStringField("detail", entry.detail());
                json.writeStringField("segment", entry.segment());
                json.writeStringField("key",
                        entry.record() == null ? null : entry.record().key());
                json.writeStringField("table", entry.table());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return text + System.lineSeparator();
    }

    static String asTable(List<Listed> listed) {
        if (listed.isEmpty()) {
            return "No rejected or dead-letter records." + System.lineSeparator();
        }
        StringBuilder table = new StringBuilder();
        String format = "%-24s %-17s %-11s %-20s %-12s %s%n";
        table.append(String.format(format, "TIME", "REASON", "PIPELINE", "REQUEST ID", "AREA",
                "DETAIL"));
        for (Listed item : listed) {
            SetAsideRecord entry = item.entry();
            String pipeline = entry.record() == null ? "-"
                    : Long.toString(entry.record().pipelineId());
            String requestId = entry.record() == null ? "-" : entry.record().requestId();
            table.append(String.format(format, entry.time(), entry.reason(), pipeline,
                    requestId, item.area(), shorten(entry.detail())));
        }
        return table.toString();
    }

    private static String shorten(String detail) {
        String oneLine = detail.replace('\n', ' ').replace('\r', ' ');
        if (oneLine.length() <= DETAIL_COLUMNS) {
            return oneLine;
        }
        return oneLine.substring(0, DETAIL_COLUMNS - 3) + "...";
    }
}
