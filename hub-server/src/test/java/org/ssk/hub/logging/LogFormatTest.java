package org.ssk.hub.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;

/**
 * The hub's logback.xml: readable lines by default, one JSON object per event with
 * {@code SSK_LOG_FORMAT=json} (for log collectors), on standard error either way. Isolated: it
 * captures the process's standard error, which other test classes running at the same time write to.
 */
@Isolated
class LogFormatTest {
    @Test
    void theJsonFormatWritesOneParsableObjectPerEventWithItsLevelLoggerAndMessage() throws Exception {
        List<String> lines = logWith("json");
        assertEquals(2, lines.size(), String.join("\n", lines));
        JsonObject info = new JsonObject(lines.get(0));
        assertEquals("INFO", info.getString("level"));
        assertEquals("org.ssk.hub.Example", info.getString("loggerName"));
        assertEquals("shelf S1 online", info.getString("formattedMessage"));
        assertTrue(info.getLong("timestamp") > 0);
        JsonObject error = new JsonObject(lines.get(1));
        assertEquals("ERROR", error.getString("level"));
        assertTrue(error.encode().contains("disk full"), "the exception is in the object: " + error);
    }

    @Test
    void theDefaultFormatIsOneReadableLineWithTimeLevelAndLogger() throws Exception {
        List<String> lines = logWith(null);
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.* \\[" + java.util.regex.Pattern.quote(Thread.currentThread().getName())
                + "\\] INFO Example - shelf S1 online"),
                lines.get(0));
    }

    private static List<String> logWith(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        if (format != null) {
            context.putProperty("SSK_LOG_FORMAT", format);
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            joran.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            Logger log = context.getLogger("org.ssk.hub.Example");
            log.info("shelf {} online", "S1");
            log.error("ledger write failed", new java.io.IOException("disk full"));
        } finally {
            System.setErr(original);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                .filter(l -> format == null ? l.contains(" INFO ") || l.contains(" ERROR ") : true).toList();
    }
}
