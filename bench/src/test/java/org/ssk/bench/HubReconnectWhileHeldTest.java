package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Topics;

/**
 * The hub loses its broker connection while events wait for a ledger that cannot write. The
 * broker (a private Mosquitto, persistent session) sends its unacknowledged messages again on the
 * new connection; the hub must acknowledge them there. Acknowledging only the first copies, on the
 * old dead connection, left the broker's in-flight window to the hub (20 messages) full for good:
 * ingest stalled with everything after those 20 waiting in the broker. Ends with the ledger equal
 * to what was published, and more events than the window stored after the recovery. The ledger
 * (SQLite, then PostgreSQL) cannot write because its writer is made read-only
 * ({@code JdbcLedger.writerReadOnlyForTests}).
 */
@Timeout(180)
class HubReconnectWhileHeldTest {
    private static final String SHELF = "S0001";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void deliveriesResentAfterAReconnectAreAcknowledgedOnTheNewConnectionAndIngestGoesOn(FaultLedger.Store store)
            throws Exception {
        Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
        try (CutProxy proxy = new CutProxy(mosquitto.port());
             StoresHub hub = StoresHub.onBroker(store, dir, "tcp://127.0.0.1:" + proxy.port(), SHELF)) {
            await().atMost(FaultHub.WAIT).until(hub.hub::brokerConnected);
            MqttClient shelf = new MqttClient("tcp://127.0.0.1:" + mosquitto.port(), SHELF, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(200);
            shelf.connect(o);
            List<String> truth = new ArrayList<>();
            try {
                hub.ledger().writerReadOnlyForTests(true);
                publish(shelf, truth, 1, 60);
                // The broker's window to the hub is full of messages the hub holds unacknowledged.
                await().atMost(FaultHub.WAIT).until(() -> hub.meter("ssk_ledger_held_events") >= 20);

                proxy.cut();
                await().atMost(FaultHub.WAIT).until(() -> !hub.hub.brokerConnected());
                proxy.restore();
                await().atMost(FaultHub.WAIT).until(hub.hub::brokerConnected);
                hub.ledger().writerReadOnlyForTests(false);

                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= truth.size());
                publish(shelf, truth, 61, 100);
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= truth.size());
                hub.assertLedgerEquals(truth);
                assertEquals(0, hub.meter("ssk_ledger_held_events"));
                assertEquals(0, hub.meter("ssk_ingest_ledger_failures"), "an event was failed, not held");
            } finally {
                shelf.disconnect();
                shelf.close();
            }
        } finally {
            mosquitto.close();
        }
    }

    /** One message per event, QoS 1, seqs {@code from}..{@code to}. */
    private static void publish(MqttClient shelf, List<String> truth, int from, int to) throws Exception {
        for (int seq = from; seq <= to; seq++) {
            Pick p = new Pick(SHELF, "reconnect", seq, System.currentTimeMillis(), "1", StoresHub.EXTRA_SKU, 1, 500);
            shelf.publish(Topics.event(SHELF), Codec.encode(p), 1, false);
            truth.add(p.id());
        }
    }
}
