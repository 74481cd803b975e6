package org.ssk.agent.mqtt;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ssk.protocol.ShelfConfig;

/**
 * What the hub's retained config says about sending events: how many one message may carry, and
 * whether the hub acknowledges stored events itself. Until the config arrives: 1 and no, so an
 * agent never sends several-event messages to a hub that predates them (it would refuse them) nor
 * waits for acks a hub that predates them never sends (the PUBACK removes events then). Each connection can wait briefly for the config, which the broker
 * sends right after the subscription is acknowledged. Thread-safe: Paho's callback thread reports
 * the config, the link's sender thread reads and waits.
 */
final class HubTerms {
    private volatile int eventsPerMessage = 1;
    private volatile boolean acks;
    private volatile CountDownLatch arrived = new CountDownLatch(1);

    /** Call before subscribing on a new connection: {@link #awaitConfig} then waits for its config. */
    void connecting() {
        arrived = new CountDownLatch(1);
    }

    /** The hub's config for this shelf arrived. */
    void received(ShelfConfig config) {
        eventsPerMessage = config.maxEventsPerMessage();
        acks = config.hubAcks();
        arrived.countDown();
    }

    /** Waits up to {@code ms} for the config of the current connection; false when it did not come. */
    boolean awaitConfig(long ms) throws InterruptedException {
        return arrived.await(ms, TimeUnit.MILLISECONDS);
    }

    /** Whether the hub acknowledges stored events on the ack topic (false until its config says so). */
    boolean acks() {
        return acks;
    }

    int eventsPerMessage() {
        return eventsPerMessage;
    }
}
