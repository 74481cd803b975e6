package org.ssk.agent.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.ssk.protocol.Codec;
import org.ssk.protocol.PayloadException;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfState;
import org.ssk.protocol.Telemetry;
import org.ssk.protocol.Topics;

/**
 * Plays the hub in tests: subscribes to every shelf's events, telemetry and state with a persistent
 * session (so messages queued while it was cut off still reach it, as they would reach the real
 * hub), records every arrival as it came (a several-event message as its events in order), and
 * offers the hub's view: events deduplicated by id in first-arrival order. Can publish retained
 * configs and commands. Thread-safe.
 */
public final class HubProbe implements AutoCloseable {
    private final MqttClient client;
    private final List<ShelfEvent> arrivals = new CopyOnWriteArrayList<>();
    private final List<Telemetry> telemetry = new CopyOnWriteArrayList<>();
    private final List<ShelfState> states = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();

    public HubProbe(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // Automatic reconnect brings it back; the persistent session keeps what was missed.
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                try {
                    switch (Topics.parse(topic).orElseThrow().kind()) {
                        case EVENT -> arrivals.addAll(Codec.decodeEvents(m.getPayload(),
                                e -> rejected.add(topic + ": " + e.getMessage())));
                        case TELEMETRY -> telemetry.add(Codec.decodeTelemetry(m.getPayload()));
                        case STATE -> states.add(Codec.decodeState(m.getPayload()));
                        default -> { }
                    }
                } catch (PayloadException e) {
                    rejected.add(topic + ": " + e.getMessage());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Only the probe's own config and command publishes complete here.
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(200);
        FirstSubscribe.connectAndSubscribe(client, o, c -> c.subscribe(
                new String[] {Topics.ALL_EVENTS, Topics.ALL_TELEMETRY, Topics.ALL_STATE}, new int[] {1, 0, 1}));
    }

    /** Every event as it arrived, duplicates included. */
    public List<ShelfEvent> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The hub's view: one event per id, in order of first arrival. */
    public List<ShelfEvent> events() {
        Map<String, ShelfEvent> byId = new LinkedHashMap<>();
        for (ShelfEvent e : arrivals) {
            byId.putIfAbsent(e.id(), e);
        }
        return new ArrayList<>(byId.values());
    }

    public List<String> eventIds() {
        return events().stream().map(ShelfEvent::id).toList();
    }

    public List<Telemetry> telemetry() {
        return List.copyOf(telemetry);
    }

    public List<ShelfState> states() {
        return List.copyOf(states);
    }

    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    public void publishConfig(ShelfConfig c) throws MqttException {
        client.publish(Topics.config(c.shelf()), Codec.encode(c), Topics.CONFIG_QOS, true);
    }

    public void publishCommand(String shelf, ShelfCommand c) throws MqttException {
        client.publish(Topics.cmd(shelf), Codec.encode(c), Topics.CMD_QOS, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
