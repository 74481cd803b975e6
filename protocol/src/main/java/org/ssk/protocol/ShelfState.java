package org.ssk.protocol;

/**
 * Retained on {@link Topics#state(String)}: {@code ONLINE} when the agent connects, and the same
 * message with {@code OFFLINE} registered as its MQTT last will, so the broker announces a shelf
 * that vanished. {@code version} is the agent's software version.
 */
public record ShelfState(String shelf, Status status, long tMs, String version) {

    /** Whether the agent is connected. */
    public enum Status { ONLINE, OFFLINE }

    public ShelfState {
        Topics.requireShelfId(shelf);
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (version == null) {
            version = "";
        }
    }
}
