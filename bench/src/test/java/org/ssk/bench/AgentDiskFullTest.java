package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.ShelfAgent;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.demo.DemoShelves;
import org.ssk.hub.kiosk.ShelfLayout;
import org.ssk.protocol.ShelfEvent;

/**
 * A real shelf agent (simulated load cells, the real detector, outbox and MQTT link) whose outbox
 * disk fills up or turns read-only while visitors keep taking items, in front of a real hub. The
 * agent must keep sampling and detecting, hold what the outbox refuses in memory, say so in its
 * telemetry (seen at the hub's shelf API), and once the disk writes again deliver every event it
 * detected: the hub's ledger then holds seq 1..last of the shelf, each once, in the order found.
 * The fault is on the agent's own disk, not the hub's: the hub runs on one ledger store (SQLite),
 * the other store would test nothing more here.
 */
class AgentDiskFullTest {
    @TempDir
    Path dir;

    @Test
    void anAgentWhoseDiskFillsWhileOfflineKeepsEveryEventItDetectsAndDeliversItOnce() throws Exception {
        try (StoresHub hub = new StoresHub(FaultLedger.Store.SQLITE, dir); CutProxy proxy = new CutProxy(hub.hub.mqttPort())) {
            ShelfLayout layout = hub.hub.catalog().shelves().get(0);
            AgentConfig config = DemoShelves.agentConfig(layout, "tcp://127.0.0.1:" + proxy.port(),
                    hub.stores.shelfCredentials().issue(layout.shelf()), dir.resolve("agent"));
            List<ShelfEvent> stored = new CopyOnWriteArrayList<>();
            try (ShelfAgent agent = start(config, stored)) {
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= 3);
                // Offline, the outbox grows (nothing is acknowledged), so a file at its page limit soon refuses.
                proxy.cut();
                await().atMost(FaultHub.WAIT).until(() -> !agent.connected());
                agent.outbox().pragmaOnWriter("max_page_count = " + pageCount(dir.resolve("agent")));
                await().atMost(FaultHub.WAIT).until(() -> agent.heldEvents() >= 5);
                assertTrue(agent.faults().get(0).startsWith("outbox: cannot write"), agent.faults().toString());
                long samples = agent.samplesRead();
                await().atMost(FaultHub.WAIT).until(() -> agent.samplesRead() > samples + 100);

                agent.outbox().pragmaOnWriter("max_page_count = 1073741823");
                proxy.restore();
                awaitDelivered(hub, agent, stored);
            }
        }
    }

    @Test
    void anAgentWhoseOutboxTurnsReadOnlyKeepsDetectingAndTheHubHearsAboutIt() throws Exception {
        try (StoresHub hub = new StoresHub(FaultLedger.Store.SQLITE, dir)) {
            ShelfLayout layout = hub.hub.catalog().shelves().get(0);
            AgentConfig config = DemoShelves.agentConfig(layout, hub.hub.brokerUrl(),
                    hub.stores.shelfCredentials().issue(layout.shelf()), dir.resolve("agent"));
            List<ShelfEvent> stored = new CopyOnWriteArrayList<>();
            try (ShelfAgent agent = start(config, stored)) {
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= 3);
                agent.outbox().pragmaOnWriter("query_only = 1");
                await().atMost(FaultHub.WAIT).until(() -> agent.heldEvents() >= 5);
                // Telemetry does not go through the outbox: the hub hears about the fault at once.
                await().atMost(FaultHub.WAIT).until(() -> hub.get("/api/v1/shelves/" + layout.shelf()).body()
                        .contains("outbox: cannot write"));

                agent.outbox().pragmaOnWriter("query_only = 0");
                awaitDelivered(hub, agent, stored);
            }
        }
    }

    private static ShelfAgent start(AgentConfig config, List<ShelfEvent> stored) throws Exception {
        SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults().withSpeed(4)
                .withActivity(SimulatedShelf.Activity.SCRIPTED).withScriptPeriodMs(1_000));
        return ShelfAgent.start(config, shelf, ShelfAgent.standardDetector(config),
                ShelfAgent.Options.defaults().withReconnect(50, 500).withOnStored(stored::add));
    }

    /** Everything held reaches the outbox, the broker and the ledger: seq 1..last, once each. */
    private static void awaitDelivered(StoresHub hub, ShelfAgent agent, List<ShelfEvent> stored) throws Exception {
        await().atMost(FaultHub.WAIT).until(() -> agent.heldEvents() == 0 && agent.outboxPending() == 0);
        assertTrue(agent.faults().isEmpty(), agent.faults().toString());
        agent.close();
        List<String> truth = stored.stream().map(ShelfEvent::id).toList();
        await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= truth.size());
        hub.assertLedgerEquals(truth);
        assertEquals(LongStream.rangeClosed(1, agent.lastSeq()).boxed().toList(),
                stored.stream().map(ShelfEvent::seq).toList(), "no event detected was dropped, none reordered");
    }

    private static long pageCount(Path agentDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agentDir.resolve("outbox.db"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
