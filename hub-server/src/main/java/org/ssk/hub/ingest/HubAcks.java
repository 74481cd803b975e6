package org.ssk.hub.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.Codec;
import org.ssk.protocol.HubAck;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Topics;

/**
 * Tells a shelf's agent which of its events the ledger holds: one {@link HubAck} on
 * {@link Topics#ack(String)} per event-topic message, listing the ids of that message's events
 * that are durable (stored now, or already stored before: a duplicate is acknowledged again, so
 * an agent that resent it can let it go). Never one publish per event. Events whose storage failed
 * are left out: the agent resends them.
 *
 * <p>QoS 1, not retained. An agent that predates the ack topic does not subscribe to it; the broker
 * then drops the ack, costing one small publish per stored message. Called on the ingest
 * verticle's event loop.
 */
final class HubAcks {
    private static final Logger log = LoggerFactory.getLogger(HubAcks.class);

    private HubAcks() {
    }

    /**
     * Publishes the ack for one message: {@code fresh.get(i)} is true (stored), false (duplicate)
     * or null (not stored) for {@code events.get(i)}.
     */
    static void send(MqttClient client, String shelf, List<ShelfEvent> events, List<Boolean> fresh) {
        List<String> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if (i < fresh.size() && fresh.get(i) != null) {
                ids.add(events.get(i).id());
            }
        }
        if (ids.isEmpty() || client == null || !client.isConnected()) {
            // Not connected: the agent resends after its timeout and gets the ack for the duplicate.
            return;
        }
        client.publish(Topics.ack(shelf), Buffer.buffer(Codec.encode(new HubAck(shelf, ids))), MqttQoS.AT_LEAST_ONCE,
                false, false).onFailure(e -> log.debug("ack to shelf {} not sent: {}", shelf, e.getMessage()));
    }
}
