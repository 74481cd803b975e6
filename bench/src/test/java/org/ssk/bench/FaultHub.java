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

/**
 * An in-process hub on a real ledger store ({@link FaultLedger}: SQLite or PostgreSQL, the
 * bench's planogram of {@code shelves} shelves), and the ledger-versus-truth check the fault tests
 * end with. Closing stops the hub, then drops the ledger's PostgreSQL schema.
 */
final class FaultHub implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    final FaultLedger ledger;
    final Hub hub;

    FaultHub(Path dir, FaultLedger.Store store, int shelves, String externalBrokerUrl) throws Exception {
        HubConfig c = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        if (externalBrokerUrl != null) {
            c = c.withBrokerUrl(externalBrokerUrl);
        }
        ledger = FaultLedger.create(store, dir.resolve("hub"), shelves);
        try {
            hub = Hub.start(c, ledger.storage(c), List.of());
        } catch (Exception | Error e) {
            ledger.close();
            throw e;
        }
        await().atMost(WAIT).until(hub::brokerConnected);
    }

    List<String> storedIds() throws Exception {
        return ledger.storedIds();
    }

    /** Waits until the ledger holds as many events as {@code truth}, then: nothing lost, nothing twice. */
    void assertLedgerEquals(Collection<String> truth) throws Exception {
        assertLedgerEquals(ledger, truth);
    }

    static void assertLedgerEquals(FaultLedger ledger, Collection<String> truth) throws Exception {
        await().atMost(WAIT).until(() -> ledger.storedIds().size() >= truth.size());
        List<String> stored = ledger.storedIds();
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
    public void close() throws Exception {
        try {
            hub.close();
        } finally {
            ledger.close();
        }
    }
}
