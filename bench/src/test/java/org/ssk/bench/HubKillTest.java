package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's JVM ({@code hub-server serve} on a real ledger store, SQLite or PostgreSQL) is
 * SIGKILLed in the middle of a burst and started again. Events it had received but not stored were
 * never acknowledged, so the broker (a Mosquitto with persistence, holding the hub's persistent
 * session) redelivers them; the ledger ends equal to what the agents published.
 */
@Timeout(300)
@Order(2)
class HubKillTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void aHubKilledMidBurstLosesNothingAndStoresNothingTwice(FaultLedger.Store store) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), "persistence true\n");
             FaultLedger ledger = FaultLedger.create(store, dir.resolve("ledger"), 3)) {
            String url = "tcp://127.0.0.1:" + broker.port();
            Path hubDir = dir.resolve("hub-data");
            Process hub = startHub(hubDir, url, ledger);
            List<AgentPublisher> agents = List.of(new AgentPublisher("S0001", url, dir),
                    new AgentPublisher("S0002", url, dir), new AgentPublisher("S0003", url, dir));
            try {
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(300);
                }
                await().atMost(FaultHub.WAIT).until(() -> ledger.storedIds().size() >= 100);
                hub.destroyForcibly();
                assertTrue(hub.waitFor(10, TimeUnit.SECONDS));
                int beforeRestart = ledger.storedIds().size();
                for (AgentPublisher a : agents) {
                    a.picks(50);
                }
                hub = startHub(hubDir, url, ledger);
                List<String> truth = FaultHub.all(agents);
                assertTrue(beforeRestart < truth.size(), "the kill came before the burst was all stored");
                FaultHub.assertLedgerEquals(ledger, truth);
            } finally {
                hub.destroyForcibly();
                hub.waitFor(10, TimeUnit.SECONDS);
                for (AgentPublisher a : agents) {
                    a.close();
                }
            }
        }
    }

    /**
     * {@code java -cp <this classpath> org.ssk.hub.Main serve} storing into {@code ledger}
     * ({@code SSK_DB_URL}), once it prints its ports.
     */
    private static Process startHub(Path dataDir, String brokerUrl, FaultLedger ledger) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder b = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.ssk.hub.Main", "serve", "--data", dataDir.toString(), "--http-port", "0",
                "--broker-url", brokerUrl)
                .redirectError(dataDir.getParent().resolve("hub-stderr.log").toFile());
        b.environment().put("SSK_DB_URL", ledger.jdbcUrl());
        Process p = b.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("hub-server: HTTP")) {
                return p;
            }
        }
        throw new IllegalStateException("the hub exited before it was ready: see hub-stderr.log");
    }
}
