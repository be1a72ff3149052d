package dev.hookhouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.cli.HookhouseCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bin/hookhouse rejected list --json --config FILE} prints, run in this JVM with
 * its standard output captured, as a user reading the rejected and dead-letter areas would.
 */
final class RejectedList {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One listed record.
     *
     * @param area {@code rejected} or {@code dead-letter}
     */
    record Entry(String requestId, long pipelineId, String reason, String area, String detail,
            String segment) {
    }

    private RejectedList() {
    }

    static synchronized List<Entry> read(Path configFile) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exitCode = HookhouseCommand.run("rejected", "list", "--json", "--config",
                    configFile.toString());
        } finally {
            System.setOut(originalOut);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exitCode, "rejected list failed; it printed: " + printed);
        return parse(printed);
    }

    private static List<Entry> parse(String printed) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : JSON.readTree(printed)) {
            entries.add(new Entry(item.path("request_id").asText(null),
                    item.path("pipeline_id").asLong(-1), item.path("reason").asText(),
                    item.path("area").asText(), item.path("detail").asText(""),
                    item.path("segment").asText("")));
        }
        return entries;
    }
}
