package org.ssk.hub.ingest;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the ingest verticle is connected and subscribed to the broker. Written by the ingest
 * verticle only, read by /health from another event loop; thread-safe.
 */
public final class LinkState {
    private final AtomicBoolean up = new AtomicBoolean();

    void set(boolean connected) {
        up.set(connected);
    }

    public boolean up() {
        return up.get();
    }
}
