package dev.hookhouse.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@link StatusReport} as a person reads it, and as JSON for scripts. */
public final class StatusFormat {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private StatusFormat() {
    }

    public static String text(StatusReport report) {
        StringBuilder text = new StringBuilder();
        text.append("Hookhouse status at ").append(shown(report.at())).append('\n');
        text.append(row("server", serverLine(report.server())));
        for (String problem : report.server().problems()) {
            text.append(row("", problem));
        }
        text.append(row("spool", report.spoolDir().toString())).append('\n');

        text.append(String.format(Locale.ROOT, "%-18s %7s %9s %10s%n", "AREA", "FILES",
                "RECORDS", "SIZE"));
        report.areas().forEach((area, count) -> text.append(String.format(Locale.ROOT,
                "%-18s %7d %9s %10s%n", area, count.files(),
                count.records() < 0 ? "-" : Long.toString(count.records()),
                size(count.bytes()))));
        text.append('\n');

        text.append(row("oldest unloaded", timeAndAge(report.oldestUnloaded(), report.at(),
                "none: everything spooled is loaded")));
        text.append(row("last load", timeAndAge(report.lastLoad(), report.at(),
                "none in the archive")));
        text.append(row("registry", registryLine(report.registry())));
        return text.toString();
    }

    public static String json(StatusReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("at", report.at().toString());
        root.put("spool_dir", report.spoolDir().toString());
        root.put("server", report.server());
        Map<String, Object> areas = new LinkedHashMap<>();
        report.areas().forEach((area, count) -> areas.put(area, areaJson(count)));
        root.put("areas", areas);
        root.put("oldest_unloaded_record", timeOrNull(report.oldestUnloaded()));
        root.put("oldest_unloaded_age_seconds", ageOrNull(report.oldestUnloaded(), report.at()));
        root.put("last_load", timeOrNull(report.lastLoad()));
        root.put("last_load_age_seconds", ageOrNull(report.lastLoad(), report.at()));
        root.put("registry", registryJson(report.registry()));
        try {
            return JSON.writeValueAsString(root) + '\n';
        } catch (JsonProcessingException onlyMapsAndRecords) {
            throw new IllegalStateException(onlyMapsAndRecords);
        }
    }

    private static Map<String, Object> areaJson(AreaCount count) {
        Map<String, Object> area = new LinkedHashMap<>();
        area.put("files", count.files());
        area.put("bytes", count.bytes());
        area.put("records", count.records() < 0 ? null : count.records());
        return area;
    }

    private static Map<String, Object> registryJson(StatusReport.RegistryCounts registry) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("tokens", registry.tokens());
        counts.put("revoked_tokens", registry.revokedTokens());
        counts.put("pipelines", registry.pipelines());
        counts.put("disabled_pipelines", registry.disabledPipelines());
        counts.put("problem", registry.problem());
        return counts;
    }

    private static String serverLine(StatusReport.Server server) {
        return server.state() + " (" + server.url() + ")";
    }

    private static String registryLine(StatusReport.RegistryCounts registry) {
        if (registry.problem() != null) {
            return registry.problem();
        }
        return registry.tokens() + " tokens (" + registry.revokedTokens() + " revoked), "
                + registry.pipelines() + " pipelines (" + registry.disabledPipelines()
                + " disabled)";
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "%-18s %s%n", label, value);
    }

    private static String timeAndAge(Instant time, Instant now, String none) {
        if (time == null) {
            return none;
        }
        return shown(time) + " (" + age(Duration.between(time, now)) + " ago)";
    }

    private static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172_800) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " days";
    }

    private static String shown(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String timeOrNull(Instant time) {
        return time == null ? null : time.toString();
    }

    private static Double ageOrNull(Instant time, Instant now) {
        return time == null ? null : Duration.between(time, now).toMillis() / 1000.0;
    }

    static String size(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B"
                : String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }
}
