package org.ssk.hub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoMainTest {
    private record Run(int status, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = DemoMain.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int status = cl.execute(args);
        return new Run(status, err.toString());
    }

    @Test
    void theDemoTakesTheHubsOptions() {
        Run r = run("--broker-url", "udp://nowhere");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("broker_url"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void theDemoAcceptsNoVisitors() {
        Run r = run("--no-visitors", "--http-port", "-1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("http_port"), "parsed --no-visitors, then refused the port: " + r.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run r = run("--htp-port", "1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--htp-port"), r.err());
    }
}
