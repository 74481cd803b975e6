package org.ssk.hub.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.ssk.hub.ledger.Database;
import org.ssk.protocol.region.Certificate;
import org.ssk.protocol.region.CertifiedList;

/**
 * The region's certified-product list as this center holds it (tables {@code region_certificate},
 * {@code region_certified_version}; all their SQL is here), and the marks it puts on the catalog:
 * each product's certificate ({@code product.cert_*}) becomes the region's current one for its SKU
 * (valid today, else the latest expired, else the next one not yet valid), or none. Today is a
 * day in the center's zone. With a region, the region's list is the catalog's certificates: a
 * certificate typed into a product by hand is replaced at the next marking. Every method blocks
 * (JDBC) and runs in its own transaction; thread-safe.
 */
public final class RegionCertificates {
    /** The issuer shown for certificates from the region's list. */
    public static final String ISSUER = "区域消费帮扶办 regional office";

    private static final String VERSION = "SELECT version FROM region_certified_version WHERE id = 1";
    private static final String SAVE_VERSION = "INSERT INTO region_certified_version (id, version, fetched_ms)"
            + " VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, fetched_ms = excluded.fetched_ms";
    private static final String DELETE_ALL = "DELETE FROM region_certificate";
    private static final String INSERT = "INSERT INTO region_certificate (number, product, sku, producer, county,"
            + " households, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ALL = "SELECT number, product, sku, producer, county, households, valid_from,"
            + " valid_until FROM region_certificate ORDER BY number";
    private static final String PRODUCT_CERTS = "SELECT sku, cert_number, cert_issuer, cert_valid_from, cert_valid_until"
            + " FROM product";
    private static final String SET_CERT = "UPDATE product SET cert_number = ?, cert_issuer = ?, cert_valid_from = ?,"
            + " cert_valid_until = ? WHERE sku = ?";

    private final Database db;

    public RegionCertificates(Database db) {
        this.db = db;
    }

    /** The version of the list held, or empty before the first fetch. */
    public OptionalLong version() throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(VERSION);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    /** Every certificate held, by number. */
    public List<Certificate> certificates() throws SQLException {
        try (Connection c = db.connect()) {
            return all(c);
        }
    }

    /**
     * Stores {@code list} in place of the one held and marks the catalog for {@code today}, in one
     * transaction. Returns how many products' certificates changed.
     */
    public int store(CertifiedList list, LocalDate today, long nowMs) throws SQLException {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE_ALL)) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Certificate x : list.certificates()) {
                    ps.setString(1, x.number());
                    ps.setString(2, x.product());
                    ps.setString(3, x.sku());
                    ps.setString(4, x.producer());
                    ps.setString(5, x.county());
                    ps.setInt(6, x.households());
                    ps.setString(7, x.validFrom().toString());
                    ps.setString(8, x.validUntil().toString());
                    ps.addBatch();
                }
                if (!list.certificates().isEmpty()) {
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(SAVE_VERSION)) {
                ps.setLong(1, list.version());
                ps.setLong(2, nowMs);
                ps.executeUpdate();
            }
            return mark(c, list.certificates(), today);
        });
    }

    /** Marks the catalog again for {@code today} from the list held (the day changed); returns products changed. */
    public int mark(LocalDate today) throws SQLException {
        return inTransaction(c -> mark(c, all(c), today));
    }

    /** The region's current certificate of one SKU on {@code today}, as the catalog shows it; null for none. */
    public static Product.Certification current(List<Certificate> ofSku, LocalDate today) {
        Comparator<Certificate> byEnd = Comparator.comparing(Certificate::validUntil);
        return ofSku.stream().filter(x -> x.standing(today) == Certificate.Standing.VALID).max(byEnd)
                .or(() -> ofSku.stream().filter(x -> x.standing(today) == Certificate.Standing.EXPIRED).max(byEnd))
                .or(() -> ofSku.stream().min(Comparator.comparing(Certificate::validFrom)))
                .map(x -> new Product.Certification(x.number(), ISSUER, x.validFrom(), x.validUntil())).orElse(null);
    }

    private static int mark(Connection c, List<Certificate> certificates, LocalDate today) throws SQLException {
        Map<String, List<Certificate>> bySku = new HashMap<>();
        for (Certificate x : certificates) {
            bySku.computeIfAbsent(x.sku(), k -> new ArrayList<>()).add(x);
        }
        Map<String, List<String>> held = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(PRODUCT_CERTS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                held.put(rs.getString(1), java.util.Arrays.asList(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
        int changed = 0;
        try (PreparedStatement ps = c.prepareStatement(SET_CERT)) {
            for (var e : held.entrySet()) {
                Product.Certification cert = current(bySku.getOrDefault(e.getKey(), List.of()), today);
                List<String> want = cert == null ? java.util.Arrays.asList(null, null, null, null)
                        : java.util.Arrays.asList(cert.number(), cert.issuer(), cert.validFrom().toString(),
                        cert.validUntil().toString());
                if (Objects.equals(want, e.getValue())) {
                    continue;
                }
                for (int i = 0; i < 4; i++) {
                    ps.setString(i + 1, want.get(i));
                }
                ps.setString(5, e.getKey());
                ps.addBatch();
                changed++;
            }
            if (changed > 0) {
                ps.executeBatch();
            }
        }
        return changed;
    }

    private static List<Certificate> all(Connection c) throws SQLException {
        List<Certificate> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(ALL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Certificate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), LocalDate.parse(rs.getString(7)), LocalDate.parse(rs.getString(8))));
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Work {
        int run(Connection c) throws SQLException;
    }

    private int inTransaction(Work work) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                int n = work.run(c);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
