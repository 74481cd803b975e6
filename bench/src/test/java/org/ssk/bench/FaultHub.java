package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;

/** An in-process hub over a SQLite bench ledger, and the ledger-versus-truth check the fault tests end with. */
final class FaultHub implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    final BenchStorage storage;
    final Hub hub;

    FaultHub(Path dir, int shelves, String externalBrokerUrl) throws Exception {
        HubConfig c = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        if (externalBrokerUrl != null) {
            c = c.withBrokerUrl(externalBrokerUrl);
        }
        storage = new BenchStorage(shelves, BenchStorage.Ledger.SQLITE, dir);
        hub = Hub.start(c, storage, List.of());
        await().atMost(WAIT).until(hub::brokerConnected);
    }

    /** Waits until the ledger holds as many events as {@code truth}, then: nothing lost, nothing twice. */
    void assertLedgerEquals(Collection<String> truth) throws Exception {
        await().atMost(WAIT).until(() -> storage.storedIds().size() >= truth.size());
        List<String> stored = storage.storedIds();
        assertEquals(stored.size(), new HashSet<>(stored).size(), "an event is stored twice");
        TreeSet<String> missing = new TreeSet<>(truth);
        missing.removeAll(stored);
        assertEquals(new TreeSet<>(), missing, "events lost");
        TreeSet<String> extra = new TreeSet<>(stored);
        extra.removeAll(truth);
        assertEquals(new TreeSet<>(), extra, "events nobody sent");
    }

    static List<String> all(Collection<AgentPublisher> agents) {
        List<String> ids = new ArrayList<>();
        agents.forEach(a -> ids.addAll(a.ids()));
        return ids;
    }

    @Override
    public void close() {
        hub.close();
    }
}
