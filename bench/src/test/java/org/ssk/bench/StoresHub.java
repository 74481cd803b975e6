package org.ssk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.auth.Role;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.catalog.Shelf;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.StoredEvent;

/**
 * An in-process hub on a real ledger store ({@link FaultLedger}: a SQLite file or a fresh schema
 * of the tests' private PostgreSQL) set up as {@code serve} sets up a new demo: the sample catalog,
 * alert checks, plus a one-lane planogram for each of {@code extraShelves} (the bench publishers'
 * shelf ids), embedded Moquette on port 0, HTTP on port 0. With the checks the ledger fault tests
 * end with. Close it to stop the hub and drop the store's PostgreSQL schema.
 */
final class StoresHub implements AutoCloseable {
    /** What lane 1 of each extra shelf holds, so an {@link AgentPublisher}'s picks fit the planogram. */
    static final String EXTRA_SKU = "dy-rice-2500";
    static final double EXTRA_UNIT_GRAMS = 2530;
    /** As {@code JdbcStorage.open} runs them. */
    private static final long ALERT_PERIOD_MS = 30_000;
    final FaultLedger store;
    final JdbcStorage stores;
    final Hub hub;
    /** An operator's session for {@link #get}. */
    private final String token;

    StoresHub(FaultLedger.Store store, Path dir, String... extraShelves) throws Exception {
        this(store, dir, null, extraShelves);
    }

    /**
     * As {@link #StoresHub(FaultLedger.Store, Path, String...)}, with the hub on the external broker
     * at {@code brokerUrl}.
     */
    static StoresHub onBroker(FaultLedger.Store store, Path dir, String brokerUrl, String... extraShelves)
            throws Exception {
        return new StoresHub(store, dir, brokerUrl, extraShelves);
    }

    private StoresHub(FaultLedger.Store kind, Path dir, String brokerUrl, String[] extraShelves) throws Exception {
        HubConfig base = HubConfig.defaults().withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.resolve("hub").toString());
        HubConfig config = brokerUrl == null ? base : base.withBrokerUrl(brokerUrl);
        store = FaultLedger.empty(kind, dir.resolve("ledger"));
        JdbcStorage opened = null;
        Hub started = null;
        try {
            opened = store.storage(config);
            SampleCatalog.load(opened.catalog(), System.currentTimeMillis());
            for (String s : extraShelves) {
                opened.catalog().savePlanogram(s, "货架 " + s, List.of(new Shelf.Lane("1", EXTRA_SKU, EXTRA_UNIT_GRAMS)));
            }
            opened.startAlertChecks(ALERT_PERIOD_MS);
            started = Hub.start(config, opened, List.of());
            opened.accounts().createUser("bench-operator", Role.OPERATOR, "bench-operator-pw".toCharArray());
            token = opened.accounts().login("bench-operator", "bench-operator-pw".toCharArray()).orElseThrow().token();
        } catch (Exception | Error e) {
            if (started != null) {
                started.close();
            } else if (opened != null) {
                opened.close();
            }
            store.close();
            throw e;
        }
        stores = opened;
        hub = started;
    }

    JdbcLedger ledger() {
        return (JdbcLedger) stores.ledger();
    }

    /** Every stored shelf event, shelf by shelf in storage order. */
    List<StoredEvent> storedEvents() throws Exception {
        List<StoredEvent> out = new ArrayList<>();
        for (Shelf s : stores.catalog().shelves()) {
            out.addAll(stores.ledger().events(s.id()));
        }
        return out;
    }

    List<String> storedIds() throws Exception {
        return storedEvents().stream().map(StoredEvent::eventId).toList();
    }

    /** Nothing lost, nothing twice, nothing nobody sent. */
    void assertLedgerEquals(Collection<String> truth) throws Exception {
        List<String> stored = storedIds();
        assertEquals(stored.size(), new HashSet<>(stored).size(), "an event is stored twice");
        TreeSet<String> missing = new TreeSet<>(truth);
        missing.removeAll(stored);
        assertEquals(new TreeSet<>(), missing, "events lost");
        TreeSet<String> extra = new TreeSet<>(stored);
        extra.removeAll(truth);
        assertEquals(new TreeSet<>(), extra, "events nobody sent");
    }

    /** The value of a meter of the hub's registry (a gauge's value, a counter's count). */
    double meter(String name) {
        var m = hub.metrics().find(name).meter();
        if (m == null) {
            throw new AssertionError("no meter " + name);
        }
        return m.measure().iterator().next().getValue();
    }

    HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            hub.close();
        } finally {
            store.close();
        }
    }
}
