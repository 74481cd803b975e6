package org.ssk.agent.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP forwarder between the agent and a broker that a test can cut, as a network outage would:
 * {@link #cut()} drops every connection and closes each new one at once; {@link #restore()}
 * forwards again. The broker sees the agent's socket close without a DISCONNECT, as after a power
 * cut. Thread-safe; one thread pair per connection.
 *
 * <p>The listening socket stays open through a cut, so its port stays this proxy's: tests run
 * classes in parallel, and a port given back during an outage can be taken by another test's
 * broker or proxy, which the agent would then reach and wrongly deliver to (it happened in CI).
 */
public final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final ServerSocket server;
    /** Guarded by this: the forwarded sockets, and whether connections are cut. */
    private final List<Socket> open = new ArrayList<>();
    private boolean cut;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(this::acceptLoop, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Drops every forwarded connection; until {@link #restore()}, each new one is closed at once. */
    public synchronized void cut() {
        cut = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /** Forwards new connections again. */
    public synchronized void restore() {
        cut = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                // The listening socket was closed by close(): stop accepting.
                return;
            }
            forward(client);
        }
    }

    private synchronized void forward(Socket client) {
        if (cut || server.isClosed()) {
            closeQuietly(client);
            return;
        }
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
            // The broker is down: the client sees its connection close, as it would without the proxy.
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // Expected: one side closed, or cut() closed both. The finally closes the other side.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Expected: the other pipe thread closed it first; nothing is left to release.
        }
    }

    @Override
    public synchronized void close() throws IOException {
        cut();
        server.close();
    }
}
