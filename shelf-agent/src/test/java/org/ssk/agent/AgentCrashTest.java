package org.ssk.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.mqtt.HubProbe;
import org.ssk.agent.mqtt.Mosquitto;
import org.ssk.protocol.Codec;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.ShelfState;

/**
 * The agent as a separate process ({@code shelf-agent simulate} on a scripted shelf), killed with
 * SIGKILL mid-stream and started again on the same data dir: from the hub's point of view (dedup by
 * id) nothing stored is lost, no id means two things, the sequence goes on, and the broker
 * announced the death with the last will.
 */
class AgentCrashTest {
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final Pattern STARTED = Pattern.compile("started shelf=K1 epoch=(\\w+) last_seq=(\\d+) .*");

    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start(brokerDir);
    }

    /** The agent JVMs this test started; {@link #stopChildren} ends any still running, pass or fail. */
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /** A child JVM running the agent, with its stdout collected line by line. */
    private final class Child {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Child(Path dataDir, Path log) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx64m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "simulate", "--shelf", "K1", "--broker", broker.url(), "--lanes", "2",
                    "--sps", "80", "--speed", "8", "--activity", "scripted", "--script-period-ms", "1000",
                    "--telemetry-interval-ms", "5000", "--reconnect-max-ms", "500", "--data-dir", dataDir.toString(),
                    "--print-events"));
            process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            children.add(process);
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    lines.add("output ended: " + e.getMessage());
                }
            }, "child-output");
            t.setDaemon(true);
            t.start();
        }

        List<ShelfEvent> stored() {
            List<ShelfEvent> out = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith("stored ")) {
                    try {
                        out.add(Codec.decodeEvent(l.substring(7).getBytes(StandardCharsets.UTF_8)));
                    } catch (org.ssk.protocol.PayloadException e) {
                        throw new AssertionError("the agent printed a bad event: " + l, e);
                    }
                }
            }
            return out;
        }

        Matcher started() {
            await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(l -> STARTED.matcher(l).matches()));
            Matcher m = STARTED.matcher(lines.stream().filter(l -> l.startsWith("started")).findFirst().orElseThrow());
            assertTrue(m.matches());
            return m;
        }
    }

    @Test
    @Timeout(180)
    void aKilledAgentLosesNothingAndContinuesItsSequenceAfterRestart() throws Exception {
        try (HubProbe hub = new HubProbe(broker.url(), "probe-k1")) {
            Child first = new Child(dataDir.resolve("outbox"), dataDir.resolve("first.log"));
            first.started();
            // Killed once it is connected (so it has a will to fire) and in the middle of its work.
            await().atMost(PATIENCE).until(() -> hub.states().stream().anyMatch(st -> st.shelf().equals("K1"))
                    && first.stored().size() >= 8);
            first.process.destroyForcibly();
            assertTrue(first.process.waitFor(10, TimeUnit.SECONDS));
            List<ShelfEvent> before = first.stored();

            await().atMost(PATIENCE).alias("last will after SIGKILL; agent log:\n"
                    + java.nio.file.Files.readString(dataDir.resolve("first.log"))).until(() -> !hub.states().isEmpty()
                    && hub.states().getLast().status() == ShelfState.Status.OFFLINE);
            assertEquals(ShelfState.Status.ONLINE, hub.states().getFirst().status());

            Child second = new Child(dataDir.resolve("outbox"), dataDir.resolve("second.log"));
            Matcher m = second.started();
            String epoch = before.getFirst().epoch();
            assertEquals(epoch, m.group(1), "the epoch is kept in the outbox");
            long resumedAfter = Long.parseLong(m.group(2));
            assertTrue(resumedAfter >= before.getLast().seq(), "seq " + resumedAfter + " >= " + before.getLast().seq());
            await().atMost(PATIENCE).until(() -> second.stored().size() >= 8);
            List<ShelfEvent> after = second.stored();
            assertEquals(resumedAfter + 1, after.getFirst().seq(), "numbering continues where the outbox left it");

            List<String> storedIds = new ArrayList<>();
            before.forEach(e -> storedIds.add(e.id()));
            after.forEach(e -> storedIds.add(e.id()));
            await().atMost(PATIENCE).until(() -> hub.eventIds().containsAll(storedIds));
            await().atMost(PATIENCE).until(() -> hub.states().getLast().status() == ShelfState.Status.ONLINE);
            second.process.destroy();
            assertTrue(second.process.waitFor(15, TimeUnit.SECONDS));

            List<ShelfEvent> seen = hub.events();
            long maxSeq = seen.stream().mapToLong(ShelfEvent::seq).max().orElseThrow();
            assertEquals(LongStream.rangeClosed(1, maxSeq).boxed().toList(),
                    seen.stream().map(ShelfEvent::seq).toList(), "every seq once, in order, no gaps");
            assertTrue(seen.stream().allMatch(e -> e.epoch().equals(epoch)));
            Map<String, ShelfEvent> first1 = new HashMap<>();
            for (ShelfEvent e : hub.arrivals()) {
                assertEquals(first1.computeIfAbsent(e.id(), k -> e), e, "one id, one event");
            }
            for (ShelfEvent e : before) {
                assertEquals(e, first1.get(e.id()), "what the killed agent stored is what the hub got");
            }
        }
    }
}
