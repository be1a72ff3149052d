package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Hookhouse's own loggers at DEBUG (where per-request lines are), nothing logged by any
 * component during accepted, refused and failed requests carries the token or a query string.
 */
class LogHygieneHttpTest {

    private static final String APPENDER = "log-hygiene-capture";

    @TempDir
    Path spoolDir;

    /** Closed after each test even when an assertion failed first; close is idempotent. */
    private RunningServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        AbstractAppender capture = new AbstractAppender(APPENDER, null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(render(event));
            }
        };
        capture.start();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        previousLevel = LogManager.getLogger("dev.hookhouse").getLevel();
        Configurator.setLevel("dev.hookhouse", Level.DEBUG);
        context.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(APPENDER);
        Configurator.setLevel("dev.hookhouse", previousLevel);
        context.updateLoggers();
    }

    private static String render(LogEvent event) {
        StringWriter text = new StringWriter();
        text.append(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            event.getThrown().printStackTrace(new PrintWriter(text));
        }
        return text.toString();
    }

    @Test
    void noLogLineCarriesTheTokenOrTheQuery() throws Exception {
        String token = RunningServer.TOKEN;
        server = RunningServer.start(spoolDir,
                Map.of("hookhouse.http.max-body-bytes", "1024"));

        Http.post(server.ingestUri(), "{\"ok\":1}");
        Http.post(server.ingestUri(), "{\"broken\":");
        Http.post(server.ingestUri(), "[" + "1,".repeat(600) + "1]");
        Http.post(server.uri("/?pipeline_id=1&key=bad&token=" + token), "{}");
        Http.post(server.uri("/elsewhere?" + RunningServer.VALID_QUERY), "{}");
        try (RawHttp http = new RawHttp(server.port())) {
            http.send(RawHttp.postHead("/?" + RunningServer.VALID_QUERY + "%zz",
                    "Content-Length: 2") + "{}");
            http.readResponse();
        }
        server.server().spool().close();
        Http.post(server.ingestUri(), "{\"spool\":\"closed\"}");
        server.close();

        assertTrue(logged.stream().anyMatch(line -> line.contains("ingest: stored")),
                "per-request DEBUG lines were not captured: " + logged);
        for (String line : logged) {
            assertFalse(line.contains(token), line);
            assertFalse(line.contains("token="), line);
            assertFalse(line.contains(RunningServer.VALID_QUERY), line);
        }
    }
}
