package org.ssk.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ssk.agent.mqtt.MqttLink;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;

/**
 * A shelf agent's publishing path without its sensors: the real fsynced {@link Outbox} and
 * {@link MqttLink} (client id as a real agent's), fed picks directly, so a fault test can make a burst
 * in milliseconds. {@link #ids} is the truth the hub's ledger is compared with. Thread-safe as
 * the outbox and link are.
 */
final class AgentPublisher implements AutoCloseable {
    private final String shelf;
    private final Outbox outbox;
    private final MqttLink link;
    private final List<String> ids = new ArrayList<>();
    /** The SKU its picks name (null: the bench planogram's lane 1 of this shelf). */
    private String sku;

    AgentPublisher(String shelf, String brokerUrl, Path dir) throws Exception {
        this(shelf, brokerUrl, null, null, dir);
    }

    /** Connecting with a user name and password (a shelf's own, or the hub's on an embedded broker). */
    AgentPublisher(String shelf, String brokerUrl, String username, String password, Path dir) throws Exception {
        this(shelf, brokerUrl, username, password, dir, MqttLink.Settings.HUB_ACK_TIMEOUT_MS);
    }

    /** With {@code hubAckTimeoutMs}: how long a message waits for the hub's ack before it is sent again. */
    AgentPublisher(String shelf, String brokerUrl, String username, String password, Path dir, long hubAckTimeoutMs)
            throws Exception {
        this.shelf = shelf;
        this.outbox = Outbox.open(dir.resolve(shelf), Outbox.DEFAULT_CAPACITY);
        this.link = new MqttLink(shelf, MqttLink.Settings.of(brokerUrl, username, password,
                        org.ssk.protocol.Topics.agentClientId(shelf)).withReconnect(50, 500)
                .withHubAckTimeout(hubAckTimeoutMs),
                outbox, new MqttLink.Inbound() {
                    @Override
                    public void config(ShelfConfig config) {
                    }

                    @Override
                    public void command(ShelfCommand command) {
                    }
                }, "fault-test");
        link.start();
    }

    /** Its picks name {@code lane1Sku}, what lane 1 of this shelf holds on the hub's planogram. */
    AgentPublisher sku(String lane1Sku) {
        this.sku = lane1Sku;
        return this;
    }

    /**
     * Appends {@code n} picks of lane 1 to the outbox (durably) and wakes the sender. The SKU is the
     * one the bench planogram puts on lane 1 of this shelf, so the hub's plausibility check stores
     * the picks rather than quarantining them.
     */
    synchronized void picks(int n) throws Exception {
        String sku = this.sku != null ? this.sku : BenchStorage.skuAt(Integer.parseInt(shelf.substring(1)) - 1, 0);
        for (int i = 0; i < n; i++) {
            long seq = outbox.lastSeq() + 1;
            Pick p = new Pick(shelf, outbox.epoch(), seq, System.currentTimeMillis(), "1", sku, 1, 500);
            outbox.append(p);
            ids.add(p.id());
            link.eventAppended();
        }
    }

    synchronized List<String> ids() {
        return List.copyOf(ids);
    }

    int pending() {
        return outbox.pendingCount();
    }

    boolean connected() {
        return link.connected();
    }

    @Override
    public void close() throws Exception {
        link.close();
        outbox.close();
    }
}
