package dev.hookhouse.warehouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The real webhook bodies of {@code shared/cases}, found by walking up from the working
 * directory (CI clones the repository next to {@code shared/}).
 */
public final class SharedCases {

    /** JSON files the README says are refused with 400 at the edge: never spooled. */
    private static final String TRUNCATED = "B22_truncated_json.json";

    private SharedCases() {
    }

    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path cases = dir.resolve("shared").resolve("cases");
            if (Files.isDirectory(cases)) {
                return cases;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/cases folder above "
                + Path.of("").toAbsolutePath());
    }

    public static byte[] bytes(String fileName) {
        try {
            return Files.readAllBytes(directory().resolve(fileName));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public static String text(String fileName) {
        return new String(bytes(fileName), StandardCharsets.UTF_8);
    }

    /**
     * Every body the README expects to be stored, by file name, as the exact text the
     * warehouse must hold: each {@code .json} file but the 400 one, the gzip file
     * uncompressed, and the form file as the JSON object of its decoded fields.
     */
    public static Map<String, String> storedBodies() throws IOException {
        Map<String, String> bodies = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !name.equals(TRUNCATED)) {
                    bodies.put(name, Files.readString(file, StandardCharsets.UTF_8));
                } else if (name.endsWith(".json.gz")) {
                    bodies.put(name, gunzip(file));
                } else if (name.endsWith(".form")) {
                    bodies.put(name, formAsJson(Files.readString(file)));
                }
            }
        }
        return bodies;
    }

    /** The truncated body the edge refuses; used to stand for a row every warehouse refuses. */
    public static String truncatedJson() {
        return text(TRUNCATED);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The form's decoded fields as one JSON object, in their order. */
    public static String formAsJson(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.strip().split("&")) {
            int equals = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields);
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
    }
}
