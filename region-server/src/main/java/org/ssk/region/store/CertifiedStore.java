package org.ssk.region.store;

import static org.ssk.region.store.CertifiedSql.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ssk.protocol.region.Certificate;
import org.ssk.protocol.region.CertifiedList;
import org.ssk.region.certified.ListChange;

/**
 * The region's certified-product list in PostgreSQL ({@link CertifiedSql}): its version, the whole
 * list at one version, an import applied in one transaction, and the region's report of sales the
 * centers flagged as made on an expired certificate. Stateless like {@link RegionStore} (a
 * connection per call from the same URL); thread-safe; every method blocks.
 */
public final class CertifiedStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String url;

    CertifiedStore(String url) {
        this.url = url;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** The list's version: 0 before the first import. */
    public long version() throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(VERSION);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The whole list and its version, read in one snapshot. */
    public CertifiedList list() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long version;
                try (PreparedStatement ps = c.prepareStatement(VERSION); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
                CertifiedList list = new CertifiedList(version, List.copyOf(all(c).values()));
                c.commit();
                return list;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** What an import did: the list's version after it, and how many certificates it added, updated, removed, left. */
    public record Imported(long version, int added, int updated, int removed, int unchanged) {
    }

    /**
     * Applies an import in one transaction: the list row is locked (imports serialise across
     * region instances), the change computed against what is stored, written, and the version
     * raised by one when anything changed. {@code replace}: certificates not in the import are removed.
     */
    public Imported importList(List<Certificate> incoming, boolean replace, long nowMs) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                long version;
                try (PreparedStatement ps = c.prepareStatement(LOCK_VERSION); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
                ListChange change = ListChange.of(all(c), incoming, replace);
                write(c, INSERT, change.added(), nowMs);
                write(c, UPDATE, change.updated(), nowMs);
                try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                    for (String n : change.removed()) {
                        ps.setString(1, n);
                        ps.addBatch();
                    }
                    if (!change.removed().isEmpty()) {
                        ps.executeBatch();
                    }
                }
                if (change.changed()) {
                    try (PreparedStatement ps = c.prepareStatement(BUMP_VERSION)) {
                        ps.setLong(1, nowMs);
                        ps.executeUpdate();
                    }
                    version++;
                }
                c.commit();
                return new Imported(version, change.added().size(), change.updated().size(), change.removed().size(),
                        change.unchanged());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Map<String, Certificate> all(Connection c) throws SQLException {
        Map<String, Certificate> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(ALL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Certificate(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getDate(7).toLocalDate(),
                        rs.getDate(8).toLocalDate()));
            }
        }
        return out;
    }

    /** INSERT and UPDATE take the same parameters, the number last. */
    private static void write(Connection c, String sql, List<Certificate> certs, long nowMs) throws SQLException {
        if (certs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Certificate x : certs) {
                ps.setString(1, x.product());
                ps.setString(2, x.sku());
                ps.setString(3, x.producer());
                ps.setString(4, x.county());
                ps.setInt(5, x.households());
                ps.setDate(6, Date.valueOf(x.validFrom()));
                ps.setDate(7, Date.valueOf(x.validUntil()));
                ps.setLong(8, nowMs);
                ps.setString(9, x.number());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One sale line a center flagged as made after its product's certificate had expired. */
    public record ExpiredCertSale(String center, long seq, long tMs, String sku, String certNumber, long qty,
                                  long amountFen) {
    }

    /** Every such sale line stored from any center with its time in [fromMs, toMs), by center and sequence. */
    public List<ExpiredCertSale> expiredCertSales(long fromMs, long toMs) throws SQLException {
        List<ExpiredCertSale> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(EXPIRED_CERT_SALES)) {
            ps.setLong(1, fromMs);
            ps.setLong(2, toMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode e;
                    try {
                        e = MAPPER.readTree(rs.getString(4));
                    } catch (java.io.IOException x) {
                        continue;
                    }
                    if (!"expired".equals(e.path("cert_state").asText())) {
                        continue;
                    }
                    out.add(new ExpiredCertSale(rs.getString(1), rs.getLong(2), rs.getLong(3), e.path("sku").asText(),
                            e.path("cert_number").asText(null), e.path("qty").asLong(), e.path("amount_fen").asLong()));
                }
            }
        }
        return out;
    }
}
