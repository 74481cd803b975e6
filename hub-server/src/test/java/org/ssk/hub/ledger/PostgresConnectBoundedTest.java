package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A PostgreSQL that accepts a connection and then never answers (a handshake stuck on a loaded or
 * half-dead server) makes {@link Database#connect()} fail instead of hanging: one endless connect
 * would stop whatever waits for it (seen in the 1000-shelf benchmark: the ledger writer, which then
 * also ran the alert checks, waited 177 s behind one stuck in the handshake).
 */
class PostgresConnectBoundedTest {
    private BlackHoleProxy proxy;

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aServerThatStopsAnsweringFailsTheConnectionInsteadOfHangingIt() throws Exception {
        PrivatePostgres pg = PrivatePostgres.shared();
        proxy = new BlackHoleProxy(pg.port());
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres?user=postgres";
        Database db = Database.open(url, "ssk_bounded_" + Long.toHexString(System.nanoTime()));
        try {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            proxy.swallow = true;
            SQLException e = assertThrows(SQLException.class, () -> db.connect().close());
            // The connection reached the silent server and was given up (PgJDBC's loginTimeout;
            // the driver may try more than once within it, e.g. with and without SSL).
            assertTrue(proxy.swallowed() >= 1, "the connection reached the silent server: " + e);
            assertTrue(e.getMessage().contains("timed out"), e.toString());
        } finally {
            proxy.swallow = false;
            TestDatabases.dropSchema(db);
        }
    }

    /** Forwards to PostgreSQL until {@link #swallow} is set; then accepts and never answers. */
    private static final class BlackHoleProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final int target;
        volatile boolean swallow;
        private volatile int swallowed;

        BlackHoleProxy(int target) throws IOException {
            this.target = target;
            Thread.ofVirtual().start(this::acceptLoop);
        }

        int port() {
            return server.getLocalPort();
        }

        int swallowed() {
            return swallowed;
        }

        private void acceptLoop() {
            try {
                while (!server.isClosed()) {
                    Socket client = server.accept();
                    sockets.add(client);
                    if (swallow) {
                        swallowed++;
                        continue;
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(upstream);
                    Thread.ofVirtual().start(() -> pump(client, upstream));
                    Thread.ofVirtual().start(() -> pump(upstream, client));
                }
            } catch (IOException closed) {
                // stopped
            }
        }

        private static void pump(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException closed) {
                // either side closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
