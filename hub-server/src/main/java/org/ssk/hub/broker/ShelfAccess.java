package org.ssk.hub.broker;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.Topics;

/**
 * Who may connect to the embedded broker and what each may publish and subscribe: the same rules
 * as the per-shelf roles {@code deploy/hub/ssk-broker-user} gives Mosquitto logins.
 * <ul>
 *   <li>No anonymous clients. A shelf connects with its id as user name and its secret
 *       ({@link Secrets}); the hub's own ingest client with {@link #HUB_USER} and a password made
 *       at each start and never written anywhere.</li>
 *   <li>Client ids are tied to logins ({@link #connectRefusal}): shelf S connects only as
 *       {@code ssk-agent-S} ({@link Topics#agentClientId}); {@link Topics#HUB_CLIENT_ID} is the
 *       hub's alone. So no login can take over the hub's session or another shelf's.</li>
 *   <li>A shelf's will may only be its own retained {@code state}: wills skip the topic checks
 *       below when the broker fires them, so any other will is refused at CONNECT
 *       ({@link ConnectGate} applies this on the embedded broker).</li>
 *   <li>A shelf publishes only {@code ssk/v1/shelf/ITS_ID/{event,telemetry,state}} and subscribes
 *       only to {@code ssk/v1/shelf/ITS_ID/{config,cmd,ack}}: a shelf's credentials cannot forge
 *       another shelf's events or read its commands or acknowledgements. The hub may do anything.</li>
 * </ul>
 * Refusals are counted ({@link #refusedConnects()}, {@link #refusedTopics()}) and logged at the
 * 1st, 10th, 100th … Called on Moquette's threads; non-blocking and thread-safe.
 */
public final class ShelfAccess implements IAuthenticator, IAuthorizatorPolicy {
    private static final Logger log = LoggerFactory.getLogger(ShelfAccess.class);

    /** The hub's own user name: not a valid shelf id ({@code @}), so no shelf can take it. */
    public static final String HUB_USER = "hub@ssk";

    private static final Set<String> SHELF_WRITES = Set.of(Topics.Kind.EVENT.name(), Topics.Kind.TELEMETRY.name(),
            Topics.Kind.STATE.name());
    private static final Set<String> SHELF_READS = Set.of(Topics.Kind.CONFIG.name(), Topics.Kind.CMD.name(),
            Topics.Kind.ACK.name());

    /** Checks a shelf's secret; the hub's credential store. */
    @FunctionalInterface
    public interface Secrets {
        boolean valid(String shelf, byte[] secret);
    }

    private final Secrets secrets;
    private final byte[] hubPassword;
    private final LongAdder refusedConnects = new LongAdder();
    private final LongAdder refusedTopics = new LongAdder();
    /** Until {@link ConnectGate} checks wills, shelves are refused (a will could not be checked). */
    private volatile boolean gated;

    public ShelfAccess(Secrets secrets) {
        this.secrets = secrets;
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        this.hubPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The password the hub's ingest client connects with. */
    public String hubPassword() {
        return new String(hubPassword, StandardCharsets.UTF_8);
    }

    /**
     * Why a CONNECT must be refused regardless of its password, or null when its client id and will
     * fit its user name: a shelf only as {@code ssk-agent-ITS_ID} with no will or a retained will on
     * its own {@code state}, or as {@code ssk-probe-ITS_ID} without a will; {@link Topics#HUB_CLIENT_ID} only for {@link #HUB_USER}. Pure.
     */
    public static String connectRefusal(String clientId, String username, String willTopic, boolean willRetain) {
        if (HUB_USER.equals(username)) {
            return null;
        }
        if (username == null || !Topics.SHELF_ID.matcher(username).matches()) {
            return "not a shelf's user name";
        }
        if (Topics.probeClientId(username).equals(clientId)) {
            return willTopic == null ? null : "a probe may have no will";
        }
        if (!Topics.agentClientId(username).equals(clientId)) {
            return "client id " + clientId + " is not " + Topics.agentClientId(username);
        }
        if (willTopic != null && !(willRetain && willTopic.equals(Topics.state(username)))) {
            return "will on " + willTopic + (willRetain ? "" : " (not retained)") + " is not " + Topics.state(username)
                    + " retained";
        }
        return null;
    }

    /** {@link ConnectGate} now checks every CONNECT's will: shelves may connect. */
    void connectGateInstalled() {
        gated = true;
    }

    /** Counts and logs a CONNECT refused for {@code why} (see {@link #connectRefusal}). */
    void refused(String clientId, String username, String why) {
        count(refusedConnects, "refused MQTT CONNECT (" + why + ") from client {} user {}", clientId, username);
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        String why = connectRefusal(clientId, username, null, false);
        if (why != null) {
            refused(clientId, username, why);
            return false;
        }
        boolean ok = HUB_USER.equals(username) ? password != null && MessageDigest.isEqual(hubPassword, password)
                : gated && secrets.valid(username, password);
        if (!ok) {
            count(refusedConnects, "refused MQTT CONNECT from client {} user {}", clientId, username);
        }
        return ok;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return allowed(topic, user, client, SHELF_WRITES);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return allowed(topic, user, client, SHELF_READS);
    }

    private boolean allowed(Topic topic, String user, String client, Set<String> kinds) {
        if (HUB_USER.equals(user)) {
            return true;
        }
        var parsed = Topics.parse(topic.toString());
        boolean ok = user != null && parsed.isPresent() && parsed.get().shelf().equals(user)
                && kinds.contains(parsed.get().kind().name());
        if (!ok) {
            count(refusedTopics, "refused topic " + topic + " for client {} user {}", client, user);
        }
        return ok;
    }

    private static void count(LongAdder counter, String message, String client, String user) {
        counter.increment();
        long n = counter.sum();
        if (Long.toString(n).matches("10*")) {
            log.warn(message + " ({} so far)", client, user, n);
        }
    }

    public long refusedConnects() {
        return refusedConnects.sum();
    }

    public long refusedTopics() {
        return refusedTopics.sum();
    }
}
