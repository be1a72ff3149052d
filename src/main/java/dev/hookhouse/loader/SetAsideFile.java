package dev.hookhouse.loader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and writes the files of the rejected and dead-letter areas: one file per segment,
 * named after it, holding {@link SetAsideRecord} JSON lines.
 *
 * <p>A file is always written whole, through {@link SpoolLayout#writeDurably}, so that
 * loading a segment again (after a crash, or a replay) replaces it rather than adding lines
 * twice.
 */
public final class SetAsideFile {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(64)
                    .build())
            .build();
    // Exact decimals: a record's timestamp must come back with the digits it was written with.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JSON)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private SetAsideFile() {
    }

    /** Writes {@code records} to {@code target}; with none, removes a stale {@code target}. */
    public static void write(Path target, List<SetAsideRecord> records) throws IOException {
        if (records.isEmpty()) {
            if (Files.deleteIfExists(target)) {
                SpoolLayout.fsyncDirectory(target.getParent());
            }
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SetAsideRecord record : records) {
            out.write(toLine(record));
        }
        SpoolLayout.writeDurably(target, out.toByteArray());
    }

    static byte[] toLine(SetAsideRecord entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("reason", entry.reason().name());
            json.writeStringField("detail", entry.detail());
            json.writeStringField("time", entry.time().toString());
            json.writeStringField("segment", entry.segment());
            if (entry.table() != null) {
                json.writeStringField("table", entry.table());
            }
            if (entry.record() != null) {
                json.writeFieldName("record");
                json.writeRawValue(entry.recordJson());
            }
            if (entry.rawLine() != null) {
                json.writeNumberField("byte_offset", entry.byteOffset());
                json.writeStringField("line_base64", entry.rawLineBase64());
            }
            json.writeEndObject();
        } catch (IOException cannotHappenInMemory) {
            throw new UncheckedIOException(cannotHappenInMemory);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Reads one set-aside file back. */
    public static List<SetAsideRecord> read(Path file) throws IOException {
        List<SetAsideRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                records.add(fromLine(line));
            }
        }
        return records;
    }

    static SetAsideRecord fromLine(String line) throws IOException {
        JsonNode node = MAPPER.readTree(line);
        JsonNode recordNode = node.get("record");
        SpoolRecord record = recordNode == null ? null : spoolRecordOf(recordNode);
        JsonNode raw = node.get("line_base64");

        return new SetAsideRecord(
                RejectReason.valueOf(node.get("reason").asText()),
                node.get("detail").asText(),
                Instant.parse(node.get("time").asText()),
                node.get("segment").asText(),
                node.hasNonNull("table") ? node.get("table").asText() : null,
                record,
                node.hasNonNull("byte_offset") ? node.get("byte_offset").asLong() : -1,
                raw == null ? null : Base64.getDecoder().decode(raw.asText()));
    }

    private static SpoolRecord spoolRecordOf(JsonNode record) {
        JsonNode ts = record.get("ts");
        String timestamp = ts.isBigDecimal() ? ts.decimalValue().toPlainString() : ts.asText();
        return new SpoolRecord(record.get("id").asText(), timestamp,
                record.get("pipeline_id").asLong(), record.get("key").asText(),
                record.get("token_sha256").asText(), record.get("body").asText());
    }

    /** The rejected file for a segment. */
    public static Path rejectedFileFor(SpoolLayout layout, Path segment) {
        return layout.rejected().resolve(
                SpoolLayout.fileName(SpoolLayout.sequenceOf(segment), SpoolLayout.REJECTED));
    }

    /** The dead-letter file for a segment. */
    public static Path deadLetterFileFor(SpoolLayout layout, Path segment) {
        return layout.deadLetter().resolve(
                SpoolLayout.fileName(SpoolLayout.sequenceOf(segment), SpoolLayout.DEAD));
    }
}
