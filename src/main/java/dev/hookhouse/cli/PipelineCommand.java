package dev.hookhouse.cli;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.StateChange;
import dev.hookhouse.warehouse.SqlIdentifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hookhouse pipeline create|list|disable|enable}: where senders' rows go. */
@Command(name = "pipeline",
        description = "Create, list, disable and enable pipelines.",
        subcommands = {PipelineCommand.Create.class, PipelineCommand.ListPipelines.class,
            PipelineCommand.Disable.class, PipelineCommand.Enable.class})
final class PipelineCommand {

    private static final String NEXT_RUN = "from the loader's next run on";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private PipelineCommand() {
    }

    @Command(name = "create",
            description = "Create a pipeline; prints its id, table and webhook URL.")
    static final class Create extends RegistryCommand {

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "A label for people, e.g. 'Shopify orders'.")
        String name;

        @Option(names = "--table", paramLabel = "TABLE",
                description = "Warehouse table, kept exactly as given (at most 63 bytes)."
                        + " Default: the name in lower case, other characters as '_'.")
        String table;

        @Override
        void run(Registry registry, HookhouseConfig settings) throws SQLException {
            PipelineEntry pipeline = registry.createPipeline(name, table);
            String url = url(settings, pipeline);

            if (json) {
                printJson(fields(pipeline, settings));
                return;
            }
            out().println("Created pipeline " + pipeline.id() + " ('" + pipeline.name() + "').");
            out().println("  table: " + SqlIdentifier.quote(pipeline.table()));
            out().println("  url:   " + url);
            out().println("Put a token's key and token in place of "
                    + WebhookUrl.KEY_PLACEHOLDER + " and " + WebhookUrl.TOKEN_PLACEHOLDER
                    + " ('hookhouse token create' makes one).");
        }
    }

    @Command(name = "list",
            description = "List pipelines: id, name, table, state, creation time.")
    static final class ListPipelines extends RegistryCommand {

        @Override
        void run(Registry registry, HookhouseConfig settings) throws SQLException {
            List<PipelineEntry> pipelines = registry.listPipelines();

            if (json) {
                List<Map<String, Object>> all = new ArrayList<>();
                pipelines.forEach(pipeline -> all.add(fields(pipeline, settings)));
                printJson(all);
                return;
            }
            if (pipelines.isEmpty()) {
                out().println("No pipelines yet; create one with:"
                        + " hookhouse pipeline create --name NAME");
                return;
            }
            TextTable table = new TextTable("ID", "NAME", "TABLE", "STATE", "CREATED");
            pipelines.forEach(pipeline -> table.add(Long.toString(pipeline.id()),
                    pipeline.name(), SqlIdentifier.quote(pipeline.table()), state(pipeline),
                    shown(pipeline.createdAt())));
            table.print(out());
        }
    }

    @Command(name = "disable",
            description = "Disable a pipeline; its records are rejected " + NEXT_RUN
                    + ". The table stays.")
    static final class Disable extends RegistryCommand {

        @Parameters(paramLabel = "ID", description = "The pipeline's id.")
        long id;

        @Override
        void run(Registry registry, HookhouseConfig settings) throws SQLException {
            report(this, registry.disablePipeline(id), settings, "Disabled",
                    "Its records are rejected " + NEXT_RUN + "; the table stays.");
        }
    }

    @Command(name = "enable",
            description = "Enable a disabled pipeline again.")
    static final class Enable extends RegistryCommand {

        @Parameters(paramLabel = "ID", description = "The pipeline's id.")
        long id;

        @Override
        void run(Registry registry, HookhouseConfig settings) throws SQLException {
            report(this, registry.enablePipeline(id), settings, "Enabled",
                    "Its records load again " + NEXT_RUN + ".");
        }
    }

    private static void report(RegistryCommand command, StateChange<PipelineEntry> change,
            HookhouseConfig settings, String done, String effect) {
        PipelineEntry pipeline = change.entry();
        String which = "pipeline " + pipeline.id() + " ('" + pipeline.name() + "')";

        if (command.json) {
            Map<String, Object> fields = fields(pipeline, settings);
            fields.put("changed", change.changed());
            command.printJson(fields);
        } else if (change.changed()) {
            command.out().println(done + " " + which + ". " + effect);
        } else {
            command.out().println("The " + which + " was already " + state(pipeline)
                    + "; nothing changed.");
        }
    }

    static Map<String, Object> fields(PipelineEntry pipeline, HookhouseConfig settings) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", pipeline.id());
        fields.put("name", pipeline.name());
        fields.put("table", pipeline.table());
        fields.put("state", state(pipeline));
        fields.put("created_at", pipeline.createdAt().toString());
        fields.put("url", url(settings, pipeline));
        return fields;
    }

    private static String url(HookhouseConfig settings, PipelineEntry pipeline) {
        return WebhookUrl.of(settings, Long.toString(pipeline.id()),
                WebhookUrl.KEY_PLACEHOLDER, WebhookUrl.TOKEN_PLACEHOLDER);
    }

    private static String state(PipelineEntry pipeline) {
        return pipeline.enabled() ? "enabled" : "disabled";
    }
}
