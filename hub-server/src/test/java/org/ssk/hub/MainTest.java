package org.ssk.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private record Run(int status, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int status = cl.execute(args);
        return new Run(status, err.toString());
    }

    @Test
    void anInvalidPortStopsServeWithStatus2AndAReasonNotAStackTrace() {
        Run r = run("serve", "--http-port", "70000");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("http_port (--http-port, SSK_HTTP_PORT): 0-65535"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void theHubHasNoDemoCommandTheDemoIsItsOwnJar() {
        Run r = run("demo");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("demo"), r.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run r = run("serve", "--htp-port", "1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--htp-port"), r.err());
    }
}
