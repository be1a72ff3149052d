package dev.hookhouse.http;

import dev.hookhouse.config.HookhouseConfig;
import dev.hookhouse.server.HookhouseServer;
import dev.hookhouse.spool.SegmentReader;
import dev.hookhouse.spool.SpoolLayout;
import dev.hookhouse.spool.SpoolRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Hookhouse server on a free port of 127.0.0.1 with its own spool directory, for tests
 * that talk HTTP to it. Records are read back from the sealed segments once it is closed.
 */
final class RunningServer implements AutoCloseable {

    /** The contract's example time: answers carry {@value #FIXED_TIMESTAMP}. */
    static final Instant FIXED_INSTANT = Instant.parse("2019-12-22T11:54:50.311863700Z");
    static final String FIXED_TIMESTAMP = "1577015690.3118637";
    static final Clock FIXED_CLOCK = Clock.fixed(FIXED_INSTANT, ZoneOffset.UTC);

    static final String PIPELINE_ID = "835212";
    static final String KEY = "3f1c2b4a-1d2e-4f5a-9b8c-0123456789ab";
    static final String TOKEN = "Xq7ZbN2pLw9TcR4mVy6HsK1dF8gJ3eUa";
    static final String VALID_QUERY = "pipeline_id=" + PIPELINE_ID + "&key=" + KEY + "&token="
            + TOKEN;

    private final HookhouseServer server;
    private final Path spoolDir;
    private boolean closed;

    private RunningServer(HookhouseServer server, Path spoolDir) {
        this.server = server;
        this.spoolDir = spoolDir;
    }

    static RunningServer start(Path spoolDir) throws Exception {
        return start(spoolDir, Map.of());
    }

    static RunningServer start(Path spoolDir, Map<String, String> overrides) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put(HookhouseConfig.HTTP_HOST.key(), "127.0.0.1");
        settings.put(HookhouseConfig.HTTP_PORT.key(), "0");
        settings.put(HookhouseConfig.MANAGEMENT_PORT.key(), "0");
        settings.put(HookhouseConfig.SPOOL_DIR.key(), spoolDir.toString());
        settings.put(HookhouseConfig.HTTP_WORKER_THREADS.key(), "16");
        settings.putAll(overrides);
        HookhouseConfig config = HookhouseConfig.of(settings);
        return new RunningServer(HookhouseServer.start(config, FIXED_CLOCK), spoolDir);
    }

    int port() {
        return server.httpPort();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** {@code /?} with the valid parameters. */
    URI ingestUri() {
        return uri("/?" + VALID_QUERY);
    }

    long bytesHeldInMemory() {
        return server.bufferedBodyBytes();
    }

    HookhouseServer server() {
        return server;
    }

    /** Closes the server (sealing the spool) and returns every record it stored, in order. */
    List<SpoolRecord> closeAndReadRecords() throws IOException {
        close();
        List<SpoolRecord> records = new ArrayList<>();
        for (Path segment : new SpoolLayout(spoolDir).sealedSegments()) {
            SegmentReader.Contents contents = SegmentReader.read(segment);
            if (!contents.badLines().isEmpty()) {
                throw new AssertionError("bad lines in " + segment + ": " + contents.badLines());
            }
            records.addAll(contents.records());
        }
        return records;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.close();
        }
    }
}
