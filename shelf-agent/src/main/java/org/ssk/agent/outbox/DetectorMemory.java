package org.ssk.agent.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.ssk.agent.detect.Detector;
import org.ssk.agent.detect.DetectorState;

/**
 * The detector's memory across restarts and power cuts ({@link DetectorState}: counts, items taken
 * and not yet put back, foreign weights on the lanes), kept in the outbox's SQLite file in a table
 * of its own ({@code detector_state}), WAL with {@code synchronous=FULL} like the events. The agent
 * saves it right after it stored the events that changed it, so after a restart a put-back of an
 * item taken before is a put-back. A power cut between the two writes loses at most that last
 * change of memory, never an event. Open it after {@link Outbox#open}, which holds the data dir's
 * lock. Not thread-safe: the agent's run loop is its one user.
 */
public final class DetectorMemory implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DetectorMemory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection db;
    private long saveFailures;

    private DetectorMemory(Connection db) {
        this.db = db;
    }

    public static DetectorMemory open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(Outbox.FILE);
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
                st.execute("CREATE TABLE IF NOT EXISTS detector_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
                        + " state TEXT NOT NULL)");
            }
            return new DetectorMemory(db);
        } catch (SQLException e) {
            if (db != null) {
                try {
                    db.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new IOException("cannot open the detector memory in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The kept state; empty when none was kept. A row that cannot be read (a newer format, damage)
     * is an {@link IOException}: the caller logs it and starts afresh from the config.
     */
    public Optional<DetectorState> load() throws IOException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT state FROM detector_state WHERE id = 1")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(rs.getString(1), DetectorState.class));
        } catch (SQLException e) {
            throw new IOException("cannot read the detector memory: " + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("the kept detector memory is unreadable: " + e.getMessage(), e);
        }
    }

    /** Replaces the kept state; durable when it returns. */
    public void save(DetectorState state) throws IOException {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO detector_state (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state")) {
            ps.setString(1, JSON.writeValueAsString(state));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot save the detector memory: " + e.getMessage(), e);
        }
    }

    /** Hands the kept state to {@code detector}; an unreadable one is logged and the detector starts afresh. */
    public void resume(Detector detector, String shelf) {
        try {
            load().ifPresent(detector::resume);
        } catch (IOException | RuntimeException e) {
            LOG.warn("shelf {}: starting the detector afresh: {}", shelf, e.getMessage());
        }
    }

    /**
     * {@link #save}, logging (rate-limited) instead of throwing: the agent calls it after storing the
     * events that changed the state, and a full disk must not stop the shelf; the next change retries.
     */
    public void keep(DetectorState state, String shelf) {
        try {
            save(state);
        } catch (IOException | RuntimeException e) {
            if (saveFailures++ % 100 == 0) {
                LOG.warn("shelf {}: cannot keep the detector's memory ({} times): {}", shelf, saveFailures,
                        e.getMessage());
            }
        }
    }

    /** Closes the connection; a failure to close is logged (nothing is pending: every save committed). */
    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.warn("closing the detector memory: {}", e.getMessage());
        }
    }
}
