package org.ssk.hub.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own MQTT 3.1.1 broker: Moquette 0.17 running on its own Netty event loops in the hub's
 * JVM, so a center needs no separate broker. Agents and the hub's ingest client connect to it over
 * TCP like to any other broker, so the path is the same as with Mosquitto.
 *
 * <p>Port 0 means any free port. Moquette 0.17 can bind port 0, but it records the port it got
 * in a plain {@code HashMap} from a listener on its own event loop while {@link Server#getPort()}
 * inserts a 0 into the same map from the caller's thread: the real port is sometimes never seen
 * (a test caught it). So for port 0 this class picks a free port itself (the OS assigns one to a
 * throw-away socket), starts Moquette on it, and on the rare bind collision (someone took the
 * port in between) tries again with another, at most {@link #BIND_ATTEMPTS} times.
 * {@link #port()} is always the real port.
 *
 * <p>Telemetry to the Moquette project is disabled (the hub must not phone home). Persistence is
 * in memory, or an H2 MVStore file in {@code persistDir}. Anonymous clients are refused; who may
 * connect and use which topics is decided by {@link ShelfAccess}.
 *
 * <p>Start and stop are blocking (they bind and close sockets): call them off the Vert.x event
 * loop. Not thread-safe; one owner starts and stops it.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    /** Commands each of Moquette's session loops may queue (its default: 1024). */
    static final int SESSION_QUEUE_SIZE = 65_536;

    /**
     * Larger than {@code Codec.MAX_PAYLOAD_BYTES} so an oversized payload still reaches the hub,
     * which rejects and counts it as {@code too_large}; Moquette's default (8092 bytes) would
     * silently drop the publisher's connection instead.
     */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    static final int BIND_ATTEMPTS = 5;

    private final int port;
    private final Server running;

    /**
     * Starts a broker on {@code host:port} (0 = any free port). With {@code persistDir} null the
     * broker keeps everything in memory.
     */
    public static EmbeddedBroker start(String host, int port, Path persistDir, ShelfAccess access) throws IOException {
        return start(host, port, persistDir, access, null, null);
    }

    /**
     * As {@link #start(String, int, Path, ShelfAccess)}, but with {@code tlsCert} and {@code tlsKey}
     * (PEM files; both null: plain MQTT) the broker speaks MQTT over TLS on {@code port} and no
     * plain MQTT at all.
     */
    public static EmbeddedBroker start(String host, int port, Path persistDir, ShelfAccess access, Path tlsCert,
                                       Path tlsKey) throws IOException {
        SslContext tls = tlsCert == null ? null : serverContext(tlsCert, tlsKey);
        if (persistDir != null) {
            org.ssk.hub.PrivateFiles.directory(persistDir);
        }
        if (port != 0) {
            return startOn(host, port, persistDir, access, tls);
        }
        for (int attempt = 1; ; attempt++) {
            int free = freePort(host);
            try {
                return startOn(host, free, persistDir, access, tls);
            } catch (IOException e) {
                if (!(e.getCause() instanceof BindException) || attempt >= BIND_ATTEMPTS) {
                    throw e;
                }
                log.info("port {} was taken before the broker bound it; trying another", free);
            }
        }
    }

    /** Netty's server context from PEM files; a clear message when they do not make one. */
    static SslContext serverContext(Path cert, Path key) throws IOException {
        try {
            return SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
        } catch (javax.net.ssl.SSLException | IllegalArgumentException e) {
            throw new IOException("the embedded MQTT broker cannot use the TLS certificate " + cert + " and key " + key
                    + " (PEM; the key unencrypted PKCS#8, as ssk-make-certs writes it): " + e.getMessage(), e);
        }
    }

    private static EmbeddedBroker startOn(String host, int port, Path persistDir, ShelfAccess access, SslContext tls)
            throws IOException {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        if (tls == null) {
            p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        } else {
            p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
            p.setProperty(BrokerConstants.SSL_PORT_PROPERTY_NAME, Integer.toString(port));
        }
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
        // Events are small and latency matters more than syscalls: flush every write.
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        // When a session loop's command queue is full Moquette drops the command ("Session command
        // queue N is full"): a publish is then never acknowledged nor delivered, and the agent's
        // in-flight window stays full until it reconnects. The default of 1024 overflowed with 100
        // shelves sending 10 events each at once (bench ingest); one slot per queued command.
        p.setProperty(BrokerConstants.SESSION_QUEUE_SIZE, Integer.toString(SESSION_QUEUE_SIZE));
        if (persistDir == null) {
            p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        } else {
            p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
            p.setProperty(BrokerConstants.DATA_PATH_PROPERTY_NAME, persistDir.toAbsolutePath() + "/");
        }
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p), List.of(), tls == null ? null : () -> tls, access, access);
            ConnectGate.install(server, access);
        } catch (RuntimeException e) {
            // Moquette wraps a BindException in a RuntimeException and leaves its threads running.
            stopQuietly(server);
            Throwable bind = e.getCause() instanceof BindException ? e.getCause() : null;
            throw new IOException("the embedded MQTT broker cannot listen on " + host + ":" + port + ": "
                    + (bind != null ? bind.getMessage() : e.getMessage()), bind != null ? bind : e);
        }
        log.info("embedded MQTT broker listening on {}:{}{} ({})", host, port, tls == null ? "" : " over TLS",
                persistDir == null ? "in memory" : "persisted in " + persistDir);
        return new EmbeddedBroker(port, server);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stopServer();
        } catch (RuntimeException e) {
            log.debug("stopping a broker that failed to start: {}", e.toString());
        }
    }

    private EmbeddedBroker(int port, Server server) {
        this.port = port;
        this.running = server;
    }

    /** The TCP port the broker is bound to (never 0). */
    public int port() {
        return port;
    }

    /**
     * Drops the live session of {@code shelf}'s agent, if any (its secret was revoked or rotated):
     * within the call the socket is closed; its next CONNECT meets the new credentials. Non-blocking.
     */
    public boolean disconnectShelf(String shelf) {
        return running.disconnectClient(org.ssk.protocol.Topics.agentClientId(shelf));
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
