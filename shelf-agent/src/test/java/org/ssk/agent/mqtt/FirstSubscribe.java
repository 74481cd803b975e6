package org.ssk.agent.mqtt;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Connects a test's stand-in for the hub and makes its first subscription as the hub's ingest
 * does: when the connection is lost on the way, it connects again and subscribes again.
 *
 * <p>Why: the plain Moquette 0.17 of these tests ({@link Moquette}) may close a connection whose
 * SUBSCRIBE arrives while it is still finishing the CONNECT ("SUBSCRIBE received on already
 * closed connection"; more likely on a loaded CPU). The hub's own broker holds such packets
 * (hub-server {@code HoldUntilConnected}); the agent under test reconnects by itself; a test
 * client that gave up there would fail a test for a broker quirk, not for the agent.
 */
final class FirstSubscribe {
    static final int ATTEMPTS = 5;
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(30);

    /** What to subscribe once connected (one of {@link MqttClient}'s {@code subscribe} calls). */
    @FunctionalInterface
    interface Subscription {
        void subscribe(MqttClient client) throws MqttException;
    }

    private FirstSubscribe() {
    }

    /** Connects {@code client} with {@code options} and subscribes, again on a lost connection. */
    static void connectAndSubscribe(MqttClient client, MqttConnectOptions options, Subscription subscription)
            throws MqttException {
        client.connect(options);
        for (int attempt = 1; ; attempt++) {
            try {
                subscription.subscribe(client);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST || attempt >= ATTEMPTS) {
                    throw e;
                }
                if (options.isAutomaticReconnect()) {
                    Awaitility.await().atMost(RECONNECT_WAIT).until(client::isConnected);
                } else {
                    // Paho refuses a connect while it is still tearing the lost connection down.
                    Awaitility.await().atMost(RECONNECT_WAIT).ignoreExceptions().until(() -> {
                        if (!client.isConnected()) {
                            client.connect(options);
                        }
                        return client.isConnected();
                    });
                }
            }
        }
    }
}
