package org.ssk.hub.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own MQTT 3.1.1 broker: Moquette 0.17 running on its own Netty event loops in the hub's
 * JVM, so a center needs no separate broker. Agents and the hub's ingest client connect to it over
 * TCP like to any other broker, so the path is the same as with Mosquitto.
 *
 * <p>Port 0 binds a free port. Moquette records the port its acceptor actually bound from a
 * listener that runs on the acceptor's own event loop after {@code startServer} returns, so
 * {@link Server#getPort()} may still answer 0 for a moment; {@link #start} waits for the real
 * port (at most {@link #PORT_WAIT_MS}) and {@link #port()} returns it. Telemetry to the Moquette project is disabled (the hub must not
 * phone home). Persistence is in memory, or an H2 MVStore file in {@code dataDir/broker}.
 * Anonymous clients are allowed: the broker listens where the operator puts it (typically the
 * center's LAN), credentials are the external broker's job.
 *
 * <p>Start and stop are blocking (they bind and close sockets): call them off the Vert.x event
 * loop. Not thread-safe; one owner starts and stops it.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    /**
     * Larger than {@code Codec.MAX_PAYLOAD_BYTES} so an oversized payload still reaches the hub,
     * which rejects and counts it as {@code too_large}; Moquette's default (8092 bytes) would
     * silently drop the publisher's connection instead.
     */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    static final long PORT_WAIT_MS = 5_000;

    private final int port;
    private final Server running;

    /**
     * Starts a broker on {@code host:port} (0 = any free port). With {@code persistDir} null the
     * broker keeps everything in memory.
     */
    public static EmbeddedBroker start(String host, int port, Path persistDir) throws IOException {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
        // Events are small and latency matters more than syscalls: flush every write.
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        if (persistDir == null) {
            p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        } else {
            Files.createDirectories(persistDir);
            p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
            p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, persistDir.toAbsolutePath() + "/");
        }
        Server server = new Server();
        server.startServer(new MemoryConfig(p), List.of());
        int bound = boundPort(server);
        if (bound <= 0) {
            server.stopServer();
            throw new IOException("the embedded MQTT broker did not report its port (asked for " + port + ")");
        }
        log.info("embedded MQTT broker listening on {}:{} ({})", host, bound,
                persistDir == null ? "in memory" : "persisted in " + persistDir);
        return new EmbeddedBroker(bound, server);
    }

    private EmbeddedBroker(int port, Server server) {
        this.port = port;
        this.running = server;
    }

    private static int boundPort(Server server) {
        long deadline = System.nanoTime() + PORT_WAIT_MS * 1_000_000;
        int bound = server.getPort();
        while (bound == 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            bound = server.getPort();
        }
        return bound;
    }

    /** The TCP port the broker is bound to (never 0). */
    public int port() {
        return port;
    }

    /** Number of clients connected right now (for /health and tests). */
    public int connectedClients() {
        return running.listConnectedClients().size();
    }

    @Override
    public void close() {
        running.stopServer();
    }
}
