package org.ssk.agent.mqtt;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Codec;
import org.ssk.protocol.HubAck;
import org.ssk.protocol.PayloadException;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.Topics;

/**
 * What the hub sends the shelf, as {@link MqttLink}'s Paho callback: its retained config (noted in
 * {@link HubTerms}, then handed to the {@link MqttLink.Inbound}), commands (handed on), and acks of
 * stored events (booked in {@link Confirmations}); a lost connection only wakes the sender.
 * Messages for another shelf and payloads the codec refuses are logged and dropped.
 *
 * <p>Runs on Paho's callback thread, which must never block and from which nothing may escape (an
 * exception thrown from {@code messageArrived} makes Paho drop the connection); whatever needs the
 * sender thread is left to it through {@code wake}.
 */
final class HubMessages implements MqttCallbackExtended {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    private final String shelf;
    private final HubTerms hub;
    private final Confirmations confirmations;
    private final Outbox outbox;
    private final MqttLink.Inbound inbound;
    private final Runnable wake;

    HubMessages(String shelf, HubTerms hub, Confirmations confirmations, Outbox outbox, MqttLink.Inbound inbound,
                Runnable wake) {
        this.shelf = shelf;
        this.hub = hub;
        this.confirmations = confirmations;
        this.outbox = outbox;
        this.inbound = inbound;
        this.wake = wake;
    }

    @Override
    public void connectionLost(Throwable cause) {
        LOG.info("shelf {}: connection lost: {}", shelf, cause == null ? "?" : cause.getMessage());
        wake.run();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            Topics.parse(topic).ifPresent(t -> dispatch(t.kind(), message.getPayload()));
        } catch (RuntimeException e) {
            LOG.error("shelf {}: handling a message on {} failed", shelf, topic, e);
        }
    }

    private void dispatch(Topics.Kind kind, byte[] payload) {
        try {
            switch (kind) {
                case CONFIG -> {
                    ShelfConfig c = Codec.decodeConfig(payload);
                    if (c.shelf().equals(shelf)) {
                        hub.received(c);
                        inbound.config(c);
                    } else {
                        LOG.warn("shelf {}: ignoring a config for shelf {}", shelf, c.shelf());
                    }
                }
                case CMD -> inbound.command(Codec.decodeCommand(payload));
                case ACK -> hubAcked(Codec.decodeAck(payload));
                default -> LOG.debug("shelf {}: unexpected message on {}", shelf, kind);
            }
        } catch (PayloadException e) {
            LOG.warn("shelf {}: rejected {} message ({}): {}", shelf, kind, e.reason(),
                    new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.UTF_8));
        }
    }

    private void hubAcked(HubAck ack) {
        if (!ack.shelf().equals(shelf)) {
            LOG.warn("shelf {}: ignoring an ack for shelf {}", shelf, ack.shelf());
            return;
        }
        if (confirmations.hubAcked(ack, shelf, outbox.epoch())) {
            wake.run();
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // Events are tracked by MqttLink's own action listener; state and telemetry need nothing.
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // Connection set-up is done synchronously on the sender thread (see MqttLink.connect()).
    }
}
