package dev.hookhouse.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.registry.PipelineEntry;
import dev.hookhouse.registry.Registry;
import dev.hookhouse.registry.TokenEntry;
import dev.hookhouse.spool.SpoolLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code hookhouse status} shows: the spool as it is on disk, the registry, and whether a
 * server answers on the management port. Everything is read from files and databases, so it
 * works whether the server runs or not, and it changes nothing (an embedded registry that does
 * not exist yet is not created).
 *
 * @param oldestUnloaded request time of the oldest record not loaded yet; null if none
 * @param lastLoad when the loader last archived a segment (it stamps the time on the file);
 *     null when the archive is empty
 */
public record StatusReport(
        Instant at,
        Path spoolDir,
        Map<String, AreaCount> areas,
        Instant oldestUnloaded,
        Instant lastLoad,
        Server server,
        RegistryCounts registry) {

    /** The server as its readiness endpoint answered. */
    public record Server(String state, String url, List<String> problems) {
        static final String READY = "ready";
        static final String NOT_READY = "not ready";
        static final String NOT_ANSWERING = "not answering";
    }

    /** Counts from the registry, or why they are missing. */
    public record RegistryCounts(int tokens, int revokedTokens, int pipelines,
            int disabledPipelines, String problem) {
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the spool, the registry and the server's readiness as they are now. */
    public static StatusReport gather(HookhouseConfig config, Clock clock) throws IOException {
        SpoolLayout layout = new SpoolLayout(config.spoolDir());
        if (!Files.isDirectory(layout.incoming())) {
            throw new IOException("no spool at " + config.spoolDir().toAbsolutePath()
                    + " (hookhouse.spool.dir)");
        }

        return new StatusReport(clock.instant(), config.spoolDir().toAbsolutePath(),
                areas(layout), IncomingBacklog.scan(layout).oldestRecord(), lastLoad(layout),
                probeServer(config), registry(config, clock));
    }

    private static Map<String, AreaCount> areas(SpoolLayout layout) throws IOException {
        Map<String, AreaCount> areas = new LinkedHashMap<>();
        areas.put("incoming-open", AreaCount.of(
                SpoolLayout.list(layout.incoming(), SpoolLayout.OPEN), true));
        areas.put("incoming-sealed", AreaCount.of(
                SpoolLayout.list(layout.incoming(), SpoolLayout.SEALED), true));
        areas.put("archive", AreaCount.of(
                SpoolLayout.list(layout.archive(), SpoolLayout.LOADED), false));
        areas.put("rejected", AreaCount.of(
                SpoolLayout.list(layout.rejected(), SpoolLayout.REJECTED), true));
        areas.put("dead-letter", AreaCount.of(
                SpoolLayout.list(layout.deadLetter(), SpoolLayout.DEAD), true));
        return areas;
    }

    private static Instant lastLoad(SpoolLayout layout) throws IOException {
        Instant newest = null;
        for (Path loaded : SpoolLayout.list(layout.archive(), SpoolLayout.LOADED)) {
            try {
                Instant stamped = Files.getLastModifiedTime(loaded).toInstant();
                newest = newest == null || stamped.isAfter(newest) ? stamped : newest;
            } catch (NoSuchFileException purgedMeanwhile) {
                // Deleted by retention while we looked.
            }
        }
        return newest;
    }

    private static Server probeServer(HookhouseConfig config) {
        String host = config.text(HookhouseConfig.MANAGEMENT_HOST);
        String reachable = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        String url = "http://" + (reachable.contains(":") ? "[" + reachable + "]" : reachable)
                + ":" + config.integer(HookhouseConfig.MANAGEMENT_PORT) + "/observe/health/ready";
        try {
            HttpResponse<String> answer = HttpClient.newBuilder()
                    .connectTimeout(PROBE_TIMEOUT).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT)
                            .build(), HttpResponse.BodyHandlers.ofString());
            String state = answer.statusCode() == 200 ? Server.READY : Server.NOT_READY;
            return new Server(state, url, problemsIn(answer.body()));
        } catch (IOException | IllegalArgumentException noAnswer) {
            return new Server(Server.NOT_ANSWERING, url, List.of());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Server(Server.NOT_ANSWERING, url, List.of());
        }
    }

    /** The messages of DOWN checks in a Camel health answer. */
    private static List<String> problemsIn(String body) {
        List<String> problems = new ArrayList<>();
        try {
            for (JsonNode check : JSON.readTree(body).path("checks")) {
                if ("DOWN".equals(check.path("status").asText())) {
                    // Camel escapes messages once more than JSON needs: "\/" for "/".
                    problems.add(check.path("name").asText() + ": "
                            + check.path("message").asText("down").replace("\\/", "/"));
                }
            }
        } catch (IOException notJson) {
            problems.add("the answer was not a health report");
        }
        return problems;
    }

    private static RegistryCounts registry(HookhouseConfig config, Clock clock) {
        Path embedded = config.dataDir().resolve("registry.db");
        if (config.text(HookhouseConfig.REGISTRY_URL).isEmpty() && !Files.exists(embedded)) {
            return new RegistryCounts(0, 0, 0, 0,
                    "no registry yet at " + embedded.toAbsolutePath());
        }
        Registry registry = Registry.open(config, clock);
        try {
            List<TokenEntry> tokens = registry.listTokens();
            List<PipelineEntry> pipelines = registry.listPipelines();
            return new RegistryCounts(tokens.size(),
                    (int) tokens.stream().filter(TokenEntry::revoked).count(),
                    pipelines.size(),
                    (int) pipelines.stream().filter(pipeline -> !pipeline.enabled()).count(),
                    null);
        } catch (SQLException | RuntimeException unavailable) {
            return new RegistryCounts(0, 0, 0, 0, "the registry at " + registry.describe()
                    + " failed: " + unavailable.getMessage());
        }
    }
}
