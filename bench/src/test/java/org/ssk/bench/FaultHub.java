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
 * end with. Closing stops the hub, then drops the ledger's PostgreSQL schema when the hub made it.
 */
final class FaultHub implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    final FaultLedger ledger;
    final Hub hub;

    /** Whether closing drops the ledger too (it was made for this hub). */
    private final boolean ownsLedger;

    /** A hub on a new ledger of {@code store}, dropped when the hub closes. */
    FaultHub(Path dir, FaultLedger.Store store, int shelves, String externalBrokerUrl) throws Exception {
        this(dir, FaultLedger.create(store, dir.resolve("hub"), shelves), true, externalBrokerUrl);
    }

    /** A hub on {@code ledger}, which outlives it (a hub stopped and started again on the same store). */
    static FaultHub on(Path dir, FaultLedger ledger, String externalBrokerUrl) throws Exception {
        return new FaultHub(dir, ledger, false, externalBrokerUrl);
    }

    private FaultHub(Path dir, FaultLedger ledger, boolean ownsLedger, String externalBrokerUrl) throws Exception {
        HubConfig c = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        if (externalBrokerUrl != null) {
            c = c.withBrokerUrl(externalBrokerUrl);
        }
        this.ledger = ledger;
        this.ownsLedger = ownsLedger;
        Hub started = null;
        try {
            started = Hub.start(c, ledger.storage(c), List.of());
            await().atMost(WAIT).until(started::brokerConnected);
        } catch (Exception | Error e) {
            if (started != null) {
                started.close();
            }
            if (ownsLedger) {
                ledger.close();
            }
            throw e;
        }
        hub = started;
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
            if (ownsLedger) {
                ledger.close();
            }
        }
    }
}
