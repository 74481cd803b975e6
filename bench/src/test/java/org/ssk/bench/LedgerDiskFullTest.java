package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.Storage;
import org.ssk.hub.catalog.Shelf;
import org.ssk.hub.ledger.HubStores;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.StoredEvent;

/**
 * The hub's real ledger (HubStores on a SQLite file) runs out of disk, or its file turns
 * read-only, while three agents publish a burst; later the fault goes away. The fault is made on
 * the ledger's one writing connection: {@code max_page_count} at the current size makes SQLite
 * answer SQLITE_FULL exactly as a full disk does, {@code query_only} makes it answer
 * SQLITE_READONLY as a read-only file does. Meanwhile the hub must say so (/health 503 with the
 * ledger down, {@code ssk_ledger_writable} 0, one episode), fail nothing (no ledger failure on the
 * ingest side: the events are held unacknowledged, not dropped) and keep running; afterwards the
 * ledger must hold every event the agents published, once.
 */
class LedgerDiskFullTest {
    private static final List<String> SHELVES = List.of("S0001", "S0002", "S0003");
    private static final String NO_LIMIT = "max_page_count = 1073741823";

    @TempDir
    Path dir;

    @Test
    void aLedgerWhoseDiskFillsMidBurstStoresEveryEventOnceWhenSpaceReturns() throws Exception {
        survives(ledger -> ledger.pragmaOnWriter("max_page_count = " + pageCount()), ledger -> ledger.pragmaOnWriter(NO_LIMIT));
    }

    @Test
    void aLedgerFileTurnedReadOnlyMidBurstStoresEveryEventOnceWhenWritableAgain() throws Exception {
        survives(ledger -> ledger.pragmaOnWriter("query_only = 1"), ledger -> ledger.pragmaOnWriter("query_only = 0"));
    }

    @FunctionalInterface
    private interface Fault {
        void apply(JdbcLedger ledger) throws Exception;
    }

    private HubStores stores;

    private void survives(Fault make, Fault undo) throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.resolve("hub").toString());
        stores = Storage.open(config);
        for (String s : SHELVES) {
            stores.catalog().savePlanogram(s, "货架 " + s, List.of(new Shelf.Lane("1", null, 0)));
        }
        JdbcLedger ledger = (JdbcLedger) stores.ledger();
        try (Hub hub = Hub.start(config, stores, List.of())) {
            await().atMost(FaultHub.WAIT).until(hub::brokerConnected);
            List<AgentPublisher> agents = new ArrayList<>();
            try {
                for (String s : SHELVES) {
                    agents.add(new AgentPublisher(s, hub.brokerUrl(), dir));
                }
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(150);
                }
                await().atMost(FaultHub.WAIT).until(() -> storedIds().size() >= 50);
                make.apply(ledger);
                for (AgentPublisher a : agents) {
                    a.picks(150);
                }
                await().atMost(FaultHub.WAIT).until(() -> meter(hub, "ssk_ledger_writable") == 0);
                assertEquals(503, health(hub).statusCode());
                assertTrue(health(hub).body().contains("\"ledger\":\"down\""), health(hub).body());
                await().atMost(FaultHub.WAIT).until(() -> meter(hub, "ssk_ledger_held_events") > 0);
                // Every agent's events reached the broker: what is missing from the ledger is held, not lost.
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(a -> a.pending() == 0));
                assertTrue(storedIds().size() < 900, "the fault did not stop the writes");

                undo.apply(ledger);
                List<String> truth = FaultHub.all(agents);
                await().atMost(FaultHub.WAIT).until(() -> storedIds().size() >= truth.size());
                assertLedgerEquals(truth);
                await().atMost(FaultHub.WAIT).until(() -> meter(hub, "ssk_ledger_writable") == 1);
                assertEquals(0, meter(hub, "ssk_ledger_held_events"));
                assertEquals(1, meter(hub, "ssk_ledger_unavailable_episodes"), "one episode, logged once");
                assertEquals(0, meter(hub, "ssk_ingest_ledger_failures"), "an event was failed, not held");
                assertEquals(200, health(hub).statusCode());
            } finally {
                for (AgentPublisher a : agents) {
                    a.close();
                }
            }
        }
    }

    private long pageCount() throws Exception {
        try (Connection c = stores.database().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> storedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String s : SHELVES) {
            for (StoredEvent e : stores.ledger().events(s)) {
                ids.add(e.eventId());
            }
        }
        return ids;
    }

    private void assertLedgerEquals(List<String> truth) throws Exception {
        List<String> stored = storedIds();
        assertEquals(stored.size(), new HashSet<>(stored).size(), "an event is stored twice");
        TreeSet<String> missing = new TreeSet<>(truth);
        missing.removeAll(stored);
        assertEquals(new TreeSet<>(), missing, "events lost");
        assertEquals(truth.size(), stored.size(), "events nobody sent");
    }

    private static double meter(Hub hub, String name) {
        var m = hub.metrics().find(name).meter();
        if (m == null) {
            throw new AssertionError("no meter " + name);
        }
        return m.measure().iterator().next().getValue();
    }

    private static HttpResponse<String> health(Hub hub) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
