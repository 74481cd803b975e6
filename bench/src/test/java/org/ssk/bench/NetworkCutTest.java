package org.ssk.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The network between agents and broker drops for a while in the middle of a burst; on each ledger store. */
class NetworkCutTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void eventsPublishedBeforeDuringAndAfterACutAreAllStoredOnce(FaultLedger.Store store) throws Exception {
        try (FaultHub hub = new FaultHub(dir, store, 3, null);
             CutProxy proxy = new CutProxy(hub.hub.mqttPort())) {
            String url = "tcp://127.0.0.1:" + proxy.port();
            String user = org.ssk.hub.broker.ShelfAccess.HUB_USER;
            String pw = hub.hub.internalBrokerPassword();
            List<AgentPublisher> agents = List.of(new AgentPublisher("S0001", url, user, pw, dir),
                    new AgentPublisher("S0002", url, user, pw, dir), new AgentPublisher("S0003", url, user, pw, dir));
            try {
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(100);
                }
                // Cut while the burst is still in flight, so some publishes lose their PUBACK.
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= 30);
                proxy.cut();
                for (AgentPublisher a : agents) {
                    a.picks(50);
                }
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().noneMatch(AgentPublisher::connected));
                proxy.restore();
                for (AgentPublisher a : agents) {
                    a.picks(20);
                }
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
