package org.ssk.hub.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ssk.hub.ledger.Database;

/**
 * Who acknowledged which alert and when ("seen, someone is on it"). Acknowledging does not clear
 * an alert: the {@link AlertEngine} clears it when its condition is resolved. The first
 * acknowledgement of an alert is kept; acknowledging again changes nothing. All its SQL is here.
 * Blocking (JDBC); thread-safe.
 */
public final class AlertAcks {
    private static final String ACK = "UPDATE alert SET acknowledged_by = ?, acknowledged_ms = ?"
            + " WHERE id = ? AND acknowledged_by IS NULL";
    private static final String ONE = "SELECT acknowledged_by, acknowledged_ms FROM alert WHERE id = ?";
    private static final String SINCE = "SELECT id, acknowledged_by, acknowledged_ms FROM alert"
            + " WHERE acknowledged_by IS NOT NULL AND (cleared_ms IS NULL OR raised_ms >= ?)";

    /** An acknowledgement: by whom (user name) and when (epoch ms). */
    public record Ack(String by, long atMs) {
    }

    private final Database db;

    public AlertAcks(Database db) {
        this.db = db;
    }

    /**
     * Acknowledges alert {@code id} for {@code user} at {@code nowMs}; returns the alert's
     * acknowledgement (the earlier one when it had one), empty when there is no such alert.
     */
    public Optional<Ack> ack(long id, String user, long nowMs) throws SQLException {
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement(ACK)) {
                ps.setString(1, user);
                ps.setLong(2, nowMs);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(ONE)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Ack(rs.getString(1), rs.getLong(2))) : Optional.empty();
                }
            }
        }
    }

    /** Acknowledgements of open alerts and of alerts raised since {@code sinceMs}, by alert id. */
    public Map<Long, Ack> acks(long sinceMs) throws SQLException {
        Map<Long, Ack> out = new HashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SINCE)) {
            ps.setLong(1, sinceMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Ack(rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }
}
