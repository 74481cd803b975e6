package org.ssk.agent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ssk.agent.detect.Detection;
import org.ssk.agent.detect.Detector;
import org.ssk.agent.detect.Detectors;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.trace.Trace;
import org.ssk.protocol.Codec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shelf-agent replay CONFIG.json TRACE.csv}: runs the detector over a recorded trace as fast
 * as it can and prints each event as one JSON line (the protocol's event JSON, which carries the
 * scorer's {@code t_ms}, {@code lane}, {@code type}, {@code qty} and {@code kind}).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Detect events in a recorded trace and print them as JSON lines.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG.json", description = "The shelf description of the trace.")
    Path config;

    @Parameters(index = "1", paramLabel = "TRACE.csv", description = "t_ms,sensor,value rows.")
    Path csv;

    @Option(names = "--lifts", negatable = true, defaultValue = "true",
            description = "Also print provisional lift events (default: ${DEFAULT-VALUE}).")
    boolean lifts;

    @Override
    public Integer call() throws IOException {
        Trace trace = Trace.open(config, csv);
        Detector detector = Detectors.standard(trace.lanes(), trace.sps());
        EventStamper stamper = new EventStamper(trace.shelf(), "replay", 0);
        for (LaneSpec l : trace.lanes()) {
            stamper.assign(l.id(), l.sku());
        }
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try (Trace.Samples samples = trace.samples()) {
            while (samples.hasNext()) {
                for (Detection d : detector.accept(samples.next())) {
                    if (d.type() != Detection.Type.LIFT || lifts) {
                        out.write(Codec.encodeToString(stamper.stamp(d)));
                        out.newLine();
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return 0;
    }
}
