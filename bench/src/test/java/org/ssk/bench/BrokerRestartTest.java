package org.ssk.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (a private Mosquitto with persistence, as a center would run it) is stopped and
 * started again in the middle of a burst from three agents; the hub's ledger ends equal to what
 * the agents published, on each ledger store (SQLite, PostgreSQL). Mosquitto saves its persistent sessions on a clean stop; the SIGKILL case
 * is a documented limit (docs/benchmarks.md), not asserted here.
 */
@Timeout(300)
class BrokerRestartTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void aBurstInterruptedByABrokerRestartIsStoredOnceWhole(FaultLedger.Store store) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), "persistence true\n");
             FaultHub hub = new FaultHub(dir, store, 3, "tcp://127.0.0.1:" + broker.port())) {
            String url = "tcp://127.0.0.1:" + broker.port();
            List<AgentPublisher> agents = List.of(new AgentPublisher("S0001", url, dir),
                    new AgentPublisher("S0002", url, dir), new AgentPublisher("S0003", url, dir));
            try {
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(200);
                }
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= 50);
                broker.stop(false);
                for (AgentPublisher a : agents) {
                    a.picks(50);
                }
                broker.restart();
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(a -> a.pending() == 0));
                hub.assertLedgerEquals(FaultHub.all(agents));
            } finally {
                for (AgentPublisher a : agents) {
                    a.close();
                }
            }
        }
    }
}
