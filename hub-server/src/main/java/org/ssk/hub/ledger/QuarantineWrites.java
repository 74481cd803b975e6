package org.ssk.hub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ssk.hub.ingest.Plausibility;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.ShelfEvent;

/**
 * The quarantine's SQL, in one place: the planogram in force as {@link Plausibility} needs it,
 * keeping an implausible event with its reason, which ids are held, an operator's decision, and
 * the list for the console. Writes run on {@link JdbcLedger}'s writer connection inside its batch
 * transaction; values always as parameters. Stateless.
 */
final class QuarantineWrites {
    private QuarantineWrites() {
    }

    static final String PLANOGRAM = "SELECT s.id, s.config_version, l.lane, l.sku, l.unit_grams FROM shelf s"
            + " LEFT JOIN lane l ON l.shelf = s.id";
    static final String ANY = "SELECT 1 FROM quarantined_event LIMIT 1";
    static final String IN_SHELF_EVENTS = "SELECT 1 FROM shelf_event WHERE event_id = ?";
    static final String INSERT = "INSERT INTO quarantined_event (event_id, type, shelf, lane, sku, t_ms, qty, grams,"
            + " detail, received_ms, kind, reason, planogram_version, unseen)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (event_id) DO NOTHING";
    static final String HELD = "SELECT 1 FROM quarantined_event WHERE event_id = ?";
    static final String DECISION_OF = "SELECT decision FROM quarantine_decision WHERE event_id = ?";
    static final String INSERT_DECISION = "INSERT INTO quarantine_decision (event_id, decision, by_user, decided_ms)"
            + " VALUES (?, ?, ?, ?)";
    static final String RELEASE = "INSERT INTO shelf_event (event_id, type, shelf, lane, sku, t_ms, qty, grams, detail,"
            + " received_ms, unseen, cert_state, cert_number) SELECT event_id, type, shelf, lane, sku, t_ms, qty, grams,"
            + " detail, received_ms, unseen, ?, ? FROM quarantined_event WHERE event_id = ? ON CONFLICT (event_id) DO NOTHING";
    static final String HELD_EVENT = "SELECT type, sku, t_ms FROM quarantined_event WHERE event_id = ?";
    private static final String LIST = "SELECT q.pos, q.event_id, q.type, q.shelf, q.lane, q.sku, q.t_ms, q.qty,"
            + " q.grams, q.detail, q.received_ms, q.kind, q.reason, q.planogram_version, d.decision, d.by_user,"
            + " d.decided_ms, q.unseen FROM quarantined_event q LEFT JOIN quarantine_decision d ON d.event_id = q.event_id";
    static final String LIST_ALL = LIST + " ORDER BY q.pos";
    static final String LIST_PENDING = LIST + " WHERE d.event_id IS NULL ORDER BY q.pos";

    /** The planogram in force, by shelf id, read inside the transaction that stores the events. */
    static Map<String, Plausibility.Planogram> planogram(Connection c) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        Map<String, Map<String, Plausibility.Lane>> lanes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(PLANOGRAM); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String shelf = rs.getString(1);
                versions.put(shelf, rs.getLong(2));
                Map<String, Plausibility.Lane> of = lanes.computeIfAbsent(shelf, k -> new HashMap<>());
                String lane = rs.getString(3);
                if (lane != null) {
                    of.put(lane, new Plausibility.Lane(lane, rs.getString(4), rs.getDouble(5)));
                }
            }
        }
        Map<String, Plausibility.Planogram> out = new HashMap<>();
        versions.forEach((shelf, v) -> out.put(shelf, new Plausibility.Planogram(shelf, v, lanes.get(shelf))));
        return out;
    }

    static boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ANY); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Keeps {@code e} in quarantine; false when its id is stored already (as a shelf event or held). */
    static boolean hold(Connection c, ShelfEvent e, Plausibility.Verdict v, Long planogramVersion, long receivedMs)
            throws SQLException {
        if (exists(c, IN_SHELF_EVENTS, e.id())) {
            return false;
        }
        int qty = e.countedQty();
        double grams = e.grams();
        String detail = e instanceof Anomaly a ? a.kind().wireName() + (a.detail().isEmpty() ? "" : ": " + a.detail())
                : null;
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, e.id());
            ps.setString(2, e.type());
            ps.setString(3, e.shelf());
            ps.setString(4, e.lane());
            ps.setString(5, e.sku());
            ps.setLong(6, e.tMs());
            ps.setInt(7, qty);
            ps.setDouble(8, grams);
            ps.setString(9, detail);
            ps.setLong(10, receivedMs);
            ps.setString(11, v.kind().wireName());
            ps.setString(12, v.reason());
            if (planogramVersion == null) {
                ps.setNull(13, java.sql.Types.BIGINT);
            } else {
                ps.setLong(13, planogramVersion);
            }
            LedgerWrites.bindUnseen(ps, 14, LedgerWrites.unseen(e));
            return ps.executeUpdate() == 1;
        }
    }

    /** Most ids in one {@link #heldIn} query: far below any driver's parameter limit. */
    static final int HELD_PER_QUERY = 128;
    private static final String[] HELD_IN = new String[HELD_PER_QUERY + 1];

    /** The query for which of {@code n} ids the quarantine holds; built only from this class's text and placeholders. */
    static String heldIn(int n) {
        if (n < 1 || n > HELD_PER_QUERY) {
            throw new IllegalArgumentException("1.." + HELD_PER_QUERY + " ids, not " + n);
        }
        synchronized (HELD_IN) {
            if (HELD_IN[n] == null) {
                HELD_IN[n] = "SELECT event_id FROM quarantined_event WHERE event_id IN ("
                        + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
            }
            return HELD_IN[n];
        }
    }

    /**
     * Which of {@code ids} are held in quarantine (decided or not): never stored as plain shelf
     * events. One query per {@link #HELD_PER_QUERY} ids, so a batch of thousands costs a few round trips.
     */
    static Set<String> held(Connection c, List<String> ids) throws SQLException {
        Set<String> out = new HashSet<>();
        for (int from = 0; from < ids.size(); from += HELD_PER_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + HELD_PER_QUERY));
            String sql = heldIn(chunk.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Records the decision once and, on release, stores the event as a shelf event. */
    static boolean decide(Connection c, String eventId, boolean release, String byUser, long nowMs,
                          java.time.ZoneId zone) throws SQLException {
        if (!exists(c, HELD, eventId)) {
            throw new java.util.NoSuchElementException("no quarantined event " + eventId);
        }
        if (exists(c, DECISION_OF, eventId)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_DECISION)) {
            ps.setString(1, eventId);
            ps.setString(2, release ? QuarantinedEvent.RELEASED : QuarantinedEvent.REJECTED);
            ps.setString(3, byUser);
            ps.setLong(4, nowMs);
            ps.executeUpdate();
        }
        if (release) {
            org.ssk.hub.catalog.CertFlag flag = null;
            try (PreparedStatement ps = c.prepareStatement(HELD_EVENT)) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        flag = LedgerWrites.pickFlag(c, rs.getString(1), rs.getString(2), rs.getLong(3), zone,
                                new java.util.HashMap<>());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
                ps.setString(1, flag == null ? null : flag.state().code());
                ps.setString(2, flag == null ? null : flag.number());
                ps.setString(3, eventId);
                ps.executeUpdate();
            }
        }
        return true;
    }

    static List<QuarantinedEvent> list(Connection c, boolean pendingOnly) throws SQLException {
        List<QuarantinedEvent> out = new ArrayList<>();
        String sql = pendingOnly ? LIST_PENDING : LIST_ALL;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredEvent e = new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getDouble(9),
                        rs.getString(10), rs.getLong(11), rs.getObject(18) == null ? null : rs.getInt(18) == 1);
                out.add(new QuarantinedEvent(e, rs.getString(12), rs.getString(13),
                        rs.getObject(14) == null ? null : rs.getLong(14), rs.getString(15), rs.getString(16),
                        rs.getObject(17) == null ? null : rs.getLong(17)));
            }
        }
        return out;
    }

    private static boolean exists(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
