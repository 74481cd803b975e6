package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's real ledger runs out of disk, or turns read-only, while three agents publish a burst;
 * later the fault goes away. The fault is made on the ledger's one writing connection. Disk full,
 * SQLite only: {@code max_page_count} at the current size makes SQLite answer SQLITE_FULL exactly
 * as a full disk does (checked by hand on a 256 KiB tmpfs: the same code 13). PostgreSQL has no
 * such limit; only a small file system under its data directory (a mount, root) would fill it, so
 * that case is not faked here. Read-only, on both stores
 * ({@code JdbcLedger.writerReadOnlyForTests}): SQLite's {@code query_only} answers SQLITE_READONLY
 * as a read-only file does, PostgreSQL's read-only session answers 25006 as a standby does after a
 * failover. Meanwhile the hub must say so (/health 503 with the ledger down,
 * {@code ssk_ledger_writable} 0, one episode), fail nothing (no ledger failure on the ingest side:
 * the events are held unacknowledged, not dropped) and keep running; afterwards the ledger must
 * hold every event the agents published, once.
 */
@Timeout(180)
@Order(2)
class LedgerDiskFullTest {
    private static final String[] SHELVES = {"S0001", "S0002", "S0003"};
    private static final String NO_LIMIT = "max_page_count = 1073741823";

    @TempDir
    Path dir;

    @Test
    void aLedgerWhoseDiskFillsMidBurstStoresEveryEventOnceWhenSpaceReturns() throws Exception {
        survives(FaultLedger.Store.SQLITE, hub -> hub.ledger().pragmaOnWriter("max_page_count = " + pageCount(hub)),
                hub -> hub.ledger().pragmaOnWriter(NO_LIMIT));
    }

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void aLedgerTurnedReadOnlyMidBurstStoresEveryEventOnceWhenWritableAgain(FaultLedger.Store store) throws Exception {
        survives(store, hub -> hub.ledger().writerReadOnlyForTests(true),
                hub -> hub.ledger().writerReadOnlyForTests(false));
    }

    @FunctionalInterface
    private interface Fault {
        void apply(StoresHub hub) throws Exception;
    }

    private void survives(FaultLedger.Store store, Fault make, Fault undo) throws Exception {
        try (StoresHub hub = new StoresHub(store, dir, SHELVES)) {
            await().atMost(FaultHub.WAIT).until(hub.hub::brokerConnected);
            List<AgentPublisher> agents = new ArrayList<>();
            try {
                for (String s : SHELVES) {
                    agents.add(new AgentPublisher(s, hub.hub.brokerUrl(), s, hub.stores.shelfCredentials().issue(s), dir)
                            .sku(StoresHub.EXTRA_SKU));
                }
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(150);
                }
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= 50);
                make.apply(hub);
                for (AgentPublisher a : agents) {
                    a.picks(150);
                }
                await().atMost(FaultHub.WAIT).until(() -> hub.meter("ssk_ledger_writable") == 0);
                var health = hub.get("/health");
                assertEquals(503, health.statusCode());
                assertTrue(health.body().contains("\"ledger\":\"down\""), health.body());
                await().atMost(FaultHub.WAIT).until(() -> hub.meter("ssk_ledger_held_events") > 0);
                // What is missing from the ledger is held, not lost: by the hub's writer, and in the agents'
                // outboxes, which keep every event until the hub acknowledges it as stored.
                assertTrue(hub.storedIds().size() < 900, "the fault did not stop the writes");
                assertTrue(agents.stream().anyMatch(a -> a.pending() > 0), "agents keep what the hub has not stored");

                undo.apply(hub);
                List<String> truth = FaultHub.all(agents);
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= truth.size());
                hub.assertLedgerEquals(truth);
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(a -> a.pending() == 0));
                await().atMost(FaultHub.WAIT).until(() -> hub.meter("ssk_ledger_writable") == 1);
                assertEquals(0, hub.meter("ssk_ledger_held_events"));
                assertEquals(1, hub.meter("ssk_ledger_unavailable_episodes"), "one episode, logged once");
                assertEquals(0, hub.meter("ssk_ingest_ledger_failures"), "an event was failed, not held");
                assertEquals(200, hub.get("/health").statusCode());
            } finally {
                for (AgentPublisher a : agents) {
                    a.close();
                }
            }
        }
    }

    private static long pageCount(StoresHub hub) throws Exception {
        try (Connection c = hub.stores.database().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
