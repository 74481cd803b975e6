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
import org.ssk.protocol.Telemetry;

/**
 * The detector's memory across restarts and power cuts ({@link DetectorState}: counts, items taken
 * and not yet put back, foreign weights on the lanes), kept in the outbox's SQLite file in a table
 * of its own ({@code detector_state}), WAL with {@code synchronous=FULL} like the events. The agent
 * saves it right after it stored the events that changed it, so after a restart a put-back of an
 * item taken before is a put-back. With it, in the same transaction, go the telemetry's change
 * counts ({@link Telemetry.Changes}: whole-item changes and the unseen ones, table
 * {@code change_counts}), so the unseen share a hub shows covers the shelf's whole life, not the
 * time since its last restart, and never disagrees with the memory. A power cut between the two
 * writes loses at most that last change of memory and its count, never an event. Open it after
 * {@link Outbox#open}, which holds the data dir's lock. Not thread-safe: the agent's run loop is its
 * one user.
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
                st.execute("CREATE TABLE IF NOT EXISTS change_counts (id INTEGER PRIMARY KEY CHECK (id = 1),"
                        + " counted INTEGER NOT NULL, unseen INTEGER NOT NULL)");
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

    /**
     * The kept change counts; empty when none were kept (a new outbox, or one kept by an agent older
     * than the counts). Counts that break {@link Telemetry.Changes}' rules are an {@link IOException}.
     */
    public Optional<Telemetry.Changes> loadChanges() throws IOException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT counted, unseen FROM change_counts WHERE id = 1")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Telemetry.Changes(rs.getLong(1), rs.getLong(2)));
        } catch (SQLException e) {
            throw new IOException("cannot read the kept change counts: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("the kept change counts are unreadable: " + e.getMessage(), e);
        }
    }

    /** Replaces the kept state and change counts together, in one transaction; durable when it returns. */
    public void save(DetectorState state, Telemetry.Changes changes) throws IOException {
        String json = JSON.writeValueAsString(state);
        try {
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO detector_state (id, state) VALUES (1, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET state = excluded.state");
                 PreparedStatement pc = db.prepareStatement("INSERT INTO change_counts (id, counted, unseen)"
                         + " VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET counted = excluded.counted,"
                         + " unseen = excluded.unseen")) {
                ps.setString(1, json);
                ps.executeUpdate();
                pc.setLong(1, changes.counted());
                pc.setLong(2, changes.unseen());
                pc.executeUpdate();
                db.commit();
            } catch (SQLException e) {
                rollback(e);
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException("cannot save the detector memory: " + e.getMessage(), e);
        }
    }

    private void rollback(SQLException cause) {
        try {
            db.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
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

    /** The kept change counts, or none counted when none were kept or they cannot be read (logged). */
    public Telemetry.Changes changesSoFar(String shelf) {
        try {
            return loadChanges().orElse(new Telemetry.Changes(0, 0));
        } catch (IOException e) {
            LOG.warn("shelf {}: counting changes afresh: {}", shelf, e.getMessage());
            return new Telemetry.Changes(0, 0);
        }
    }

    /**
     * {@link #save}, logging (rate-limited) instead of throwing: the agent calls it after storing the
     * events that changed the state, and a full disk must not stop the shelf; the next change retries.
     */
    public void keep(DetectorState state, Telemetry.Changes changes, String shelf) {
        try {
            save(state, changes);
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
