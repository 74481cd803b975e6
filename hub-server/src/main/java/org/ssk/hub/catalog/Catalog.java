package org.ssk.hub.catalog;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ssk.hub.ledger.Database;
import org.ssk.protocol.ShelfConfig;

/**
 * The catalog store: products (with their price history and producers) and the planogram
 * (shelves, lanes, the SKU each lane holds). All its SQL is in this class. Writes are
 * transactional (a batch is stored whole or not at all); every method blocks (JDBC).
 * Thread-safe: each call uses its own connection.
 */
public final class Catalog {
    private static final String PRODUCT_COLUMNS = "p.sku, p.name_zh, p.name_en, p.unit, p.spec, p.intro_zh,"
            + " p.intro_en, p.story_zh, p.story_en, p.province, p.city, p.county, p.town, p.village, r.id, r.name,"
            + " r.kind, r.households, p.season, p.output_scale, p.cert_number, p.cert_issuer, p.cert_valid_until,"
            + " p.trace_batch, p.trace_date, p.trace_inspection, p.color, p.image_url, p.video_url,"
            + " p.annual_output, p.market_low_fen, p.market_high_fen,"
            + " (SELECT price_fen FROM price WHERE price.sku = p.sku ORDER BY valid_from_ms DESC LIMIT 1),"
            + " r.income_yuan, r.photo_url, p.cert_valid_from";
    private static final String SELECT_PRODUCTS = "SELECT " + PRODUCT_COLUMNS
            + " FROM product p JOIN producer r ON r.id = p.producer_id ORDER BY p.sku";
    private static final String SELECT_PRODUCT = "SELECT " + PRODUCT_COLUMNS
            + " FROM product p JOIN producer r ON r.id = p.producer_id WHERE p.sku = ?";
    private static final String UPSERT_PRODUCER = "INSERT INTO producer (id, name, kind, households, income_yuan,"
            + " photo_url) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
            + " households = excluded.households, income_yuan = excluded.income_yuan, photo_url = excluded.photo_url";
    private static final String UPSERT_PRODUCT = "INSERT INTO product (sku, name_zh, name_en, unit, spec, intro_zh,"
            + " intro_en, story_zh, story_en, province, city, county, town, village, producer_id, season, output_scale,"
            + " cert_number, cert_issuer, cert_valid_until, trace_batch, trace_date, trace_inspection, color, image_url,"
            + " video_url, annual_output, market_low_fen, market_high_fen, cert_valid_from)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (sku) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,"
            + " unit = excluded.unit, spec = excluded.spec, intro_zh = excluded.intro_zh, intro_en = excluded.intro_en,"
            + " story_zh = excluded.story_zh, story_en = excluded.story_en, province = excluded.province,"
            + " city = excluded.city, county = excluded.county, town = excluded.town, village = excluded.village,"
            + " producer_id = excluded.producer_id, season = excluded.season, output_scale = excluded.output_scale,"
            + " cert_number = excluded.cert_number, cert_issuer = excluded.cert_issuer,"
            + " cert_valid_until = excluded.cert_valid_until, cert_valid_from = excluded.cert_valid_from,"
            + " trace_batch = excluded.trace_batch,"
            + " trace_date = excluded.trace_date, trace_inspection = excluded.trace_inspection,"
            + " color = excluded.color, image_url = excluded.image_url, video_url = excluded.video_url,"
            + " annual_output = excluded.annual_output, market_low_fen = excluded.market_low_fen,"
            + " market_high_fen = excluded.market_high_fen";
    private static final String CURRENT_PRICE = "SELECT price_fen FROM price WHERE sku = ?"
            + " ORDER BY valid_from_ms DESC LIMIT 1";
    private static final String PRICE_AT = "SELECT price_fen FROM price WHERE sku = ? AND valid_from_ms <= ?"
            + " ORDER BY valid_from_ms DESC LIMIT 1";
    private static final String INSERT_PRICE = "INSERT INTO price (sku, valid_from_ms, price_fen) VALUES (?, ?, ?)"
            + " ON CONFLICT (sku, valid_from_ms) DO UPDATE SET price_fen = excluded.price_fen";
    private static final String SELECT_SHELVES = "SELECT s.id, s.name, s.config_version, l.lane, l.sku, l.unit_grams, l.capacity"
            + " FROM shelf s LEFT JOIN lane l ON l.shelf = s.id ORDER BY s.id, l.position";
    private static final String SELECT_SHELF_VERSION = "SELECT config_version FROM shelf WHERE id = ?";
    private static final String INSERT_SHELF = "INSERT INTO shelf (id, name, config_version) VALUES (?, ?, ?)";
    private static final String UPDATE_SHELF = "UPDATE shelf SET name = ?, config_version = config_version + 1"
            + " WHERE id = ?";
    private static final String DELETE_LANES = "DELETE FROM lane WHERE shelf = ?";
    private static final String INSERT_LANE = "INSERT INTO lane (shelf, lane, position, sku, unit_grams, capacity)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    private static final String COUNT_PRODUCTS = "SELECT COUNT(*) FROM product";

    private final Database db;

    public Catalog(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** Every product with its current price, by SKU. */
    public List<Product> products() throws SQLException {
        List<Product> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_PRODUCTS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(product(rs));
            }
        }
        return out;
    }

    public Optional<Product> product(String sku) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_PRODUCT)) {
            ps.setString(1, sku);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(product(rs)) : Optional.empty();
            }
        }
    }

    public boolean isEmpty() throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(COUNT_PRODUCTS);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /**
     * Stores {@code products} (new or changed) and their producers in one transaction. A price
     * different from the current one starts a new price valid from {@code atMs}; older prices stay
     * in the history so past sales keep their amounts.
     */
    public void saveProducts(List<Product> products, long atMs) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                saveProducts(c, products, atMs);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** As {@link #saveProducts(List, long)} inside the caller's transaction on {@code c}. */
    public void saveProducts(Connection c, List<Product> products, long atMs) throws SQLException {
        try (PreparedStatement producer = c.prepareStatement(UPSERT_PRODUCER);
             PreparedStatement product = c.prepareStatement(UPSERT_PRODUCT);
             PreparedStatement current = c.prepareStatement(CURRENT_PRICE);
             PreparedStatement price = c.prepareStatement(INSERT_PRICE)) {
            for (Product p : products) {
                Product.Producer r = p.producer();
                producer.setString(1, r.id());
                producer.setString(2, r.name());
                producer.setString(3, r.kind());
                if (r.households() == null) {
                    producer.setNull(4, java.sql.Types.INTEGER);
                } else {
                    producer.setInt(4, r.households());
                }
                if (r.incomeYuan() == null) {
                    producer.setNull(5, java.sql.Types.INTEGER);
                } else {
                    producer.setInt(5, r.incomeYuan());
                }
                producer.setString(6, r.photoUrl());
                producer.executeUpdate();
                bindProduct(product, p);
                product.executeUpdate();
                current.setString(1, p.sku());
                Long now = null;
                try (ResultSet rs = current.executeQuery()) {
                    if (rs.next()) {
                        now = rs.getLong(1);
                    }
                }
                if (now == null || now != p.priceFen()) {
                    price.setString(1, p.sku());
                    price.setLong(2, atMs);
                    price.setLong(3, p.priceFen());
                    price.executeUpdate();
                }
            }
        }
    }

    /**
     * Imports products from a table (CSV/XLSX rows, see {@link ProductTable}): all rows or none.
     * Returns the problems found, each naming its row; empty when everything was stored.
     */
    public List<String> importProducts(List<List<String>> rows, long atMs) throws SQLException {
        ProductTable.Parsed<Product> parsed = ProductTable.parseProducts(rows);
        if (!parsed.ok()) {
            return parsed.errors();
        }
        saveProducts(parsed.items(), atMs);
        return List.of();
    }

    /**
     * Imports the planogram (one row per lane) in one transaction, all shelves or none; SKUs must
     * be in the catalog. Returns the problems found; empty when stored.
     */
    public List<String> importPlanogram(List<List<String>> rows) throws SQLException {
        java.util.Set<String> skus = new java.util.HashSet<>();
        products().forEach(p -> skus.add(p.sku()));
        ProductTable.Parsed<Shelf> parsed = ProductTable.parsePlanogram(rows, skus);
        if (!parsed.ok()) {
            return parsed.errors();
        }
        List<Shelf> before = shelves();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                for (Shelf s : parsed.items()) {
                    boolean same = before.stream().anyMatch(b -> b.id().equals(s.id()) && b.name().equals(s.name())
                            && b.lanes().equals(s.lanes()));
                    if (!same) {
                        savePlanogram(c, s);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return List.of();
    }

    /** The price in fen of {@code sku} valid at {@code atMs}; empty before its first price. */
    public Optional<Long> priceFenAt(String sku, long atMs) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(PRICE_AT)) {
            ps.setString(1, sku);
            ps.setLong(2, atMs);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The planogram: every shelf with its lanes in order. */
    public List<Shelf> shelves() throws SQLException {
        Map<String, Shelf> byId = new LinkedHashMap<>();
        Map<String, List<Shelf.Lane>> lanes = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_SHELVES);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                byId.putIfAbsent(id, new Shelf(id, rs.getString(2), rs.getLong(3), List.of()));
                List<Shelf.Lane> l = lanes.computeIfAbsent(id, k -> new ArrayList<>());
                if (rs.getString(4) != null) {
                    l.add(new Shelf.Lane(rs.getString(4), rs.getString(5), rs.getDouble(6),
                            rs.getObject(7) == null ? null : rs.getInt(7)));
                }
            }
        }
        return byId.values().stream().map(s -> new Shelf(s.id(), s.name(), s.configVersion(), lanes.get(s.id())))
                .toList();
    }

    public Optional<Shelf> shelf(String id) throws SQLException {
        return shelves().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * Sets the name and lanes of shelf {@code id} (creating it), in one transaction. The config
     * version increases when anything changed and stays when the planogram is the same.
     * Returns the shelf as stored.
     */
    public Shelf savePlanogram(String id, String name, List<Shelf.Lane> lanes) throws SQLException {
        Shelf wanted = new Shelf(id, name, 0, lanes);
        Optional<Shelf> before = shelf(id);
        if (before.isPresent() && before.get().name().equals(name) && before.get().lanes().equals(wanted.lanes())) {
            return before.get();
        }
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                long version = savePlanogram(c, wanted);
                c.commit();
                return new Shelf(id, name, version, wanted.lanes());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Writes {@code shelf} on {@code c} (the caller commits) and returns its new config version.
     * Writes before it reads: in SQLite a transaction that first reads and then writes cannot wait
     * for another writer (SQLITE_BUSY at once, found by RestFuzzTest); one that starts by writing waits.
     */
    public long savePlanogram(Connection c, Shelf shelf) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement(UPDATE_SHELF)) {
            ps.setString(1, shelf.name());
            ps.setString(2, shelf.id());
            updated = ps.executeUpdate();
        }
        long next = 1;
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_SHELF)) {
                ps.setString(1, shelf.id());
                ps.setString(2, shelf.name());
                ps.setLong(3, next);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(SELECT_SHELF_VERSION)) {
                ps.setString(1, shelf.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement del = c.prepareStatement(DELETE_LANES); PreparedStatement ins = c.prepareStatement(INSERT_LANE)) {
            del.setString(1, shelf.id());
            del.executeUpdate();
            int pos = 0;
            for (Shelf.Lane l : shelf.lanes()) {
                ins.setString(1, shelf.id());
                ins.setString(2, l.lane());
                ins.setInt(3, pos++);
                ins.setString(4, l.sku());
                ins.setDouble(5, l.unitGrams());
                if (l.capacity() == null) {
                    ins.setNull(6, java.sql.Types.INTEGER);
                } else {
                    ins.setInt(6, l.capacity());
                }
                ins.executeUpdate();
            }
        }
        return next;
    }

    /**
     * The retained config of shelf {@code id} for its agent, versioned by the planogram's config
     * version; lanes without a SKU are left out. Empty for an unknown shelf.
     */
    public Optional<ShelfConfig> shelfConfig(String id) throws SQLException {
        Optional<Shelf> shelf = shelf(id);
        if (shelf.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Product p : products()) {
            names.put(p.sku(), p.nameZh());
        }
        Shelf s = shelf.get();
        return Optional.of(new ShelfConfig(s.id(), s.configVersion(), s.lanes().stream()
                .filter(l -> l.sku() != null)
                .map(l -> new ShelfConfig.LaneConfig(l.lane(), l.sku(), l.unitGrams(),
                        Objects.requireNonNullElse(names.get(l.sku()), "")))
                .toList(), org.ssk.protocol.Codec.MAX_EVENTS_PER_MESSAGE, true));
    }

    private static void bindProduct(PreparedStatement ps, Product p) throws SQLException {
        Product.Certification cert = p.certification();
        Object[] values = {p.sku(), p.nameZh(), p.nameEn(), p.unit(), p.spec(), p.introZh(), p.introEn(), p.storyZh(),
            p.storyEn(), p.origin().province(), p.origin().city(), p.origin().county(), p.origin().town(),
            p.origin().village(), p.producer().id(), p.season(), p.outputScale(),
            cert == null ? null : cert.number(), cert == null ? null : cert.issuer(),
            cert == null ? null : cert.validUntil().toString(), p.trace().batch(),
            p.trace().date() == null ? null : p.trace().date().toString(), p.trace().inspection(), p.color(),
            p.imageUrl(), p.videoUrl()};
        for (int i = 0; i < values.length; i++) {
            ps.setString(i + 1, (String) values[i]);
        }
        ps.setString(27, p.annualOutput());
        Product.PriceRange m = p.marketPrice();
        if (m == null) {
            ps.setNull(28, java.sql.Types.BIGINT);
            ps.setNull(29, java.sql.Types.BIGINT);
        } else {
            ps.setLong(28, m.lowYuan().movePointRight(2).longValue());
            ps.setLong(29, m.highYuan().movePointRight(2).longValue());
        }
        ps.setString(30, cert == null || cert.validFrom() == null ? null : cert.validFrom().toString());
    }

    private static Product product(ResultSet rs) throws SQLException {
        String certNumber = rs.getString(21);
        Product.Certification cert = certNumber == null ? null
                : new Product.Certification(certNumber, rs.getString(22),
                        rs.getString(36) == null ? null : LocalDate.parse(rs.getString(36)), LocalDate.parse(rs.getString(23)));
        String traceDate = rs.getString(25);
        long fen = rs.getLong(33);
        Product.PriceRange market = rs.getObject(31) == null ? null
                : new Product.PriceRange(BigDecimal.valueOf(rs.getLong(31), 2), BigDecimal.valueOf(rs.getLong(32), 2));
        Integer households = rs.getObject(18) == null ? null : rs.getInt(18);
        Integer income = rs.getObject(34) == null ? null : rs.getInt(34);
        return new Product(rs.getString(1), rs.getString(2), rs.getString(3), BigDecimal.valueOf(fen, 2),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                new Product.Origin(rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14)),
                new Product.Producer(rs.getString(15), rs.getString(16), rs.getString(17), households, income,
                        rs.getString(35)),
                rs.getString(19), rs.getString(20), rs.getString(30), market, cert,
                new Product.Trace(rs.getString(24), traceDate == null ? null : LocalDate.parse(traceDate),
                        rs.getString(26)),
                rs.getString(27), rs.getString(28), rs.getString(29));
    }
}
