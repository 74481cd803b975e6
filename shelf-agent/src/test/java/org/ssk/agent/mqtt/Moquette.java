package org.ssk.agent.mqtt;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;

/**
 * The hub's embedded broker (Moquette 0.17) on a free port, configured as the hub configures it:
 * no telemetry to the Moquette project, anonymous clients, in-memory persistence, 64 KiB messages.
 * Without the hub's CONNECT checks: in particular a SUBSCRIBE that comes while Moquette is still
 * finishing a CONNECT may close that connection here, so test clients subscribe through
 * {@link FirstSubscribe}.
 */
public final class Moquette implements AutoCloseable {
    private final Server server = new Server();
    private final int port;

    public Moquette() throws IOException {
        Properties p = new Properties();
        p.setProperty(BrokerConstants.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(BrokerConstants.PORT_PROPERTY_NAME, "0");
        p.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        p.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        // The hub raises Moquette's 8092-byte default so a 16 KiB message of several events passes.
        p.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(64 * 1024));
        server.startServer(new MemoryConfig(p), List.of());
        // Moquette learns the bound port from a listener on its acceptor loop, shortly after start.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.getPort() > 0);
        port = server.getPort();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
