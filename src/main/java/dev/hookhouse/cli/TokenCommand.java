package dev.hookhouse.cli;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.CreatedToken;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.StateChange;
import dev.hookhouse.registry.TokenEntry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hookhouse token create|list|revoke}: the credentials senders put in the URL. */
@Command(name = "token",
        description = "Create, list and revoke sender tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class,
            TokenCommand.Revoke.class})
final class TokenCommand {

    static final String NOT_SHOWN_AGAIN = "Save the token now: Hookhouse keeps only its hash"
            + " and cannot show it again.";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private TokenCommand() {
    }

    @Command(name = "create",
            description = "Create a token; prints its key and token once.")
    static final class Create extends RegistryCommand {

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "A label for people, e.g. the sender's name; need not be unique.")
        String name;

        @Override
        void run(Registry registry, HookhouseConfig settings) throws SQLException {
            CreatedToken created = registry.createToken(name);
            TokenEntry entry = created.entry();

            if (json) {
                Map<String, Object> fields = fields(entry);
                fields.put("token", created.token());
                printJson(fields);
                err().println(NOT_SHOWN_AGAIN);
                return;
            }
            out().println("Created token '" + entry.name() + "'.");
            out().println("  key:   " + entry.key());
            out().println("  token: " + created.token());
            out().println(NOT_SHOWN_AGAIN);
            out().println("Senders use both in a pipeline's webhook URL: "
                    + WebhookUrl.of(settings, "<ID>", entry.key(), created.token()));
        }
    }

    @Command(name = "list",
            description = "List tokens: key, name, state, creation time.")
    static final class ListTokens extends RegistryCommand {

        @Override
        void run(Registry registry, HookhouseConfig settings) throws SQLException {
            List<TokenEntry> tokens = registry.listTokens();

            if (json) {
                List<Map<String, Object>> all = new ArrayList<>();
                tokens.forEach(token -> all.add(fields(token)));
                printJson(all);
                return;
            }
            if (tokens.isEmpty()) {
                out().println("No tokens yet; create one with:"
                        + " hookhouse token create --name NAME");
                return;
            }
            TextTable table = new TextTable("KEY", "NAME", "STATE", "CREATED");
            tokens.forEach(token -> table.add(token.key(), token.name(), state(token),
                    shown(token.createdAt())));
            table.print(out());
        }
    }

    @Command(name = "revoke",
            description = "Revoke a token; its records are rejected from the loader's"
                    + " next run on.")
    static final class Revoke extends RegistryCommand {

        @Parameters(paramLabel = "KEY", description = "The token's key, as 'token list' shows.")
        String key;

        @Override
        void run(Registry registry, HookhouseConfig settings) throws SQLException {
            StateChange<TokenEntry> change = registry.revokeToken(key);
            TokenEntry entry = change.entry();

            if (json) {
                Map<String, Object> fields = fields(entry);
                fields.put("changed", change.changed());
                printJson(fields);
            } else if (change.changed()) {
                out().println("Revoked token " + entry.key() + " ('" + entry.name() + "')."
                        + " Its records are rejected from the loader's next run on.");
            } else {
                out().println("Token " + entry.key() + " ('" + entry.name() + "') was already"
                        + " revoked; nothing changed.");
            }
        }
    }

    /** What a token shows of itself: never the token, never its hash. */
    static Map<String, Object> fields(TokenEntry token) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", token.key());
        fields.put("name", token.name());
        fields.put("state", state(token));
        fields.put("created_at", token.createdAt().toString());
        return fields;
    }

    private static String state(TokenEntry token) {
        return token.revoked() ? "revoked" : "active";
    }
}
