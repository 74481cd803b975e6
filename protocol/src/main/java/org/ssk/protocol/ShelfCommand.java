package org.ssk.protocol;

/**
 * An order from the hub to one shelf on {@link Topics#cmd(String)}. {@code id} lets the agent
 * ignore a redelivered command; {@code lane} is null for shelf-wide commands.
 */
public record ShelfCommand(String id, Action action, String lane, long tMs) {

    /** What to do. */
    public enum Action {
        /** Enter restock mode: weight gains become restocks, not put-backs. */
        RESTOCK_START,
        /** Leave restock mode. */
        RESTOCK_END,
        /** Re-zero a lane that staff have emptied (or the whole shelf when lane is null). */
        TARE
    }

    public ShelfCommand {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("id must be 1-64 characters");
        }
        if (action == null) {
            throw new IllegalArgumentException("action is required");
        }
    }
}
