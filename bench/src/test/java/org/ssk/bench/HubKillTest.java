package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's JVM is SIGKILLed in the middle of a burst and started again. Events it had received
 * but not stored were never acknowledged, so the broker (a Mosquitto with persistence, holding the
 * hub's persistent session) redelivers them; the ledger ends equal to what the agents published.
 */
@Timeout(180)
class HubKillTest {
    @TempDir
    Path dir;

    @Test
    void aHubKilledMidBurstLosesNothingAndStoresNothingTwice() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), "persistence true\n")) {
            String url = "tcp://127.0.0.1:" + broker.port();
            Path hubDir = dir.resolve("hub-data");
            Process hub = startHub(hubDir, url);
            List<AgentPublisher> agents = List.of(new AgentPublisher("S0001", url, dir),
                    new AgentPublisher("S0002", url, dir), new AgentPublisher("S0003", url, dir));
            try {
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(300);
                }
                await().atMost(FaultHub.WAIT).until(() -> stored(hubDir).size() >= 100);
                hub.destroyForcibly();
                assertTrue(hub.waitFor(10, TimeUnit.SECONDS));
                int beforeRestart = stored(hubDir).size();
                for (AgentPublisher a : agents) {
                    a.picks(50);
                }
                hub = startHub(hubDir, url);
                List<String> truth = FaultHub.all(agents);
                await().atMost(FaultHub.WAIT).until(() -> stored(hubDir).size() >= truth.size());
                List<String> ids = stored(hubDir);
                assertTrue(beforeRestart < truth.size(), "the kill came after the burst was stored");
                assertEquals(ids.size(), new HashSet<>(ids).size(), "an event is stored twice");
                assertEquals(new TreeSet<>(truth), new TreeSet<>(ids));
            } finally {
                for (AgentPublisher a : agents) {
                    a.close();
                }
                hub.destroy();
                hub.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> stored(Path hubDir) throws Exception {
        try (SqliteEvents db = new SqliteEvents(hubDir.resolve("ledger.db"))) {
            return db.ids();
        }
    }

    /** {@code java -cp <this classpath> org.ssk.bench.Main serve-hub}, once it prints ready. */
    private static Process startHub(Path dataDir, String brokerUrl) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.ssk.bench.Main", "serve-hub", "--data-dir", dataDir.toString(), "--shelves", "3",
                "--broker-url", brokerUrl)
                .redirectError(dataDir.getParent().resolve("hub-stderr.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("ready")) {
                return p;
            }
        }
        throw new IllegalStateException("the hub exited before it was ready: see hub-stderr.log");
    }
}
