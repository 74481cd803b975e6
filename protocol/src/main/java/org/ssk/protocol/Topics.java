package org.ssk.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topic tree, defined once for both ends. Everything lives under {@code ssk/v1/}; a
 * breaking payload change gets a new version prefix, never a silent change under this one.
 *
 * <pre>
 * ssk/v1/shelf/{shelf}/event      agent → hub  QoS 1        ShelfEvent (lift, pick, putback, restock, anomaly)
 * ssk/v1/shelf/{shelf}/telemetry  agent → hub  QoS 0        Telemetry (lane weights, sensor health, heartbeat)
 * ssk/v1/shelf/{shelf}/state      agent → hub  QoS 1 retained, also the last will: ShelfState
 * ssk/v1/shelf/{shelf}/config     hub → agent  QoS 1 retained  ShelfConfig (lanes, SKUs, unit weights)
 * ssk/v1/shelf/{shelf}/cmd        hub → agent  QoS 1        ShelfCommand (restock mode, tare)
 * ssk/v1/shelf/{shelf}/ack        hub → agent  QoS 1        HubAck (event ids the ledger stored durably)
 * ssk/v1/hub/alert                hub → anyone QoS 1        alerts raised and cleared by the hub
 * </pre>
 *
 * <p>Client ids are tied to logins: a shelf connects with {@link #agentClientId(String)} (its
 * probe with {@link #probeClientId(String)}) and its shelf id as user name, the hub with {@link #HUB_CLIENT_ID}; brokers refuse any other pairing at
 * CONNECT, so no login can take over another client's session.
 */
public final class Topics {
    public static final String ROOT = "ssk/v1";
    public static final String SHELF_ROOT = ROOT + "/shelf/";

    public static final int EVENT_QOS = 1;
    public static final int TELEMETRY_QOS = 0;
    public static final int STATE_QOS = 1;
    public static final int CONFIG_QOS = 1;
    public static final int CMD_QOS = 1;
    public static final int ACK_QOS = 1;

    /** The hub's MQTT client id; no shelf's client id can equal it ({@link #agentClientId} has a prefix). */
    public static final String HUB_CLIENT_ID = "ssk-hub";
    private static final String AGENT_CLIENT_PREFIX = "ssk-agent-";

    /** Shelf ids appear in topics, so they may not hold MQTT wildcards or separators. */
    public static final Pattern SHELF_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** Hub-side subscriptions covering every shelf. */
    public static final String ALL_EVENTS = SHELF_ROOT + "+/event";
    public static final String ALL_TELEMETRY = SHELF_ROOT + "+/telemetry";
    public static final String ALL_STATE = SHELF_ROOT + "+/state";
    public static final String ALERTS = ROOT + "/hub/alert";

    private Topics() {
    }

    public static String event(String shelf) {
        return shelfTopic(shelf, Kind.EVENT);
    }

    public static String telemetry(String shelf) {
        return shelfTopic(shelf, Kind.TELEMETRY);
    }

    public static String state(String shelf) {
        return shelfTopic(shelf, Kind.STATE);
    }

    public static String config(String shelf) {
        return shelfTopic(shelf, Kind.CONFIG);
    }

    public static String cmd(String shelf) {
        return shelfTopic(shelf, Kind.CMD);
    }

    public static String ack(String shelf) {
        return shelfTopic(shelf, Kind.ACK);
    }

    /**
     * The client id of a shelf's liveness probe ({@code ssk-agent-health}, which listens to the
     * shelf's own telemetry with the shelf's login): {@code ssk-probe-{shelf}}, so it never takes
     * over the agent's session. A probe may have no will.
     */
    public static String probeClientId(String shelf) {
        return "ssk-probe-" + requireShelfId(shelf);
    }

    /** The client id a shelf's agent connects with: {@code ssk-agent-{shelf}}. */
    public static String agentClientId(String shelf) {
        return AGENT_CLIENT_PREFIX + requireShelfId(shelf);
    }

    /** The leaf of a shelf topic. */
    public enum Kind {
        EVENT, TELEMETRY, STATE, CONFIG, CMD, ACK;

        String leaf() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A parsed shelf topic. */
    public record ShelfTopic(String shelf, Kind kind) {
    }

    public static String shelfTopic(String shelf, Kind kind) {
        requireShelfId(shelf);
        return SHELF_ROOT + shelf + "/" + kind.leaf();
    }

    /** Parses {@code ssk/v1/shelf/{shelf}/{kind}}; empty for any other topic. */
    public static Optional<ShelfTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(SHELF_ROOT)) {
            return Optional.empty();
        }
        String rest = topic.substring(SHELF_ROOT.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String shelf = rest.substring(0, slash);
        String leaf = rest.substring(slash + 1);
        if (!SHELF_ID.matcher(shelf).matches()) {
            return Optional.empty();
        }
        for (Kind k : Kind.values()) {
            if (k.leaf().equals(leaf)) {
                return Optional.of(new ShelfTopic(shelf, k));
            }
        }
        return Optional.empty();
    }

    public static String requireShelfId(String shelf) {
        if (shelf == null || !SHELF_ID.matcher(shelf).matches()) {
            throw new IllegalArgumentException("shelf id must be 1-32 of A-Z a-z 0-9 _ -, was: " + shelf);
        }
        return shelf;
    }
}
