package org.ssk.hub.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.catalog.Shelf;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.Ledger;
import org.ssk.hub.ledger.SaleLine;
import org.ssk.hub.ledger.StockEntry;
import org.ssk.hub.ledger.StoredEvent;

/**
 * Decides which alerts hold now from the catalog and the ledger, and keeps their state in the
 * database: an alert is raised once when its condition appears and cleared when it is resolved;
 * listeners hear about each change after it is stored. Call {@link #evaluate} periodically (e.g.
 * every minute, off the event loop) with the shelves currently offline. Thread-safe (evaluations
 * are serialized); blocking.
 */
public final class AlertEngine {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final String OPEN = "SELECT id, kind, subject, shelf, lane, sku, detail, raised_ms FROM alert"
            + " WHERE cleared_ms IS NULL ORDER BY id";
    private static final String INSERT = "INSERT INTO alert (kind, subject, shelf, lane, sku, detail, raised_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String CLEAR = "UPDATE alert SET cleared_ms = ? WHERE id = ? AND cleared_ms IS NULL";
    private static final String HISTORY = "SELECT id, kind, subject, shelf, lane, sku, detail, raised_ms, cleared_ms"
            + " FROM alert WHERE raised_ms >= ? ORDER BY id";

    private final Database db;
    private final Catalog catalog;
    private final Ledger ledger;
    private final AlertSettings settings;
    private final ZoneId zone;
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> shelfFaults = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the region upload alert says while it should be open, else null (RegionUploadVerticle). */
    private volatile String regionUpload;

    private record Key(Alert.Kind kind, String subject) {
    }

    private record Wanted(String shelf, String lane, String sku, String detail) {
    }

    public AlertEngine(Database db, Catalog catalog, Ledger ledger, AlertSettings settings, ZoneId zone) {
        this.db = db;
        this.catalog = catalog;
        this.ledger = ledger;
        this.settings = settings;
        this.zone = zone;
    }

    public void addListener(AlertListener listener) {
        listeners.add(listener);
    }

    /** The open alerts, oldest first. */
    public List<Alert> open() throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(OPEN);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Alert(rs.getLong(1), Alert.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), null));
            }
        }
        return out;
    }

    /** Alerts raised since {@code sinceMs}, open or cleared. */
    public List<Alert> history(long sinceMs) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(HISTORY)) {
            ps.setLong(1, sinceMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Alert(rs.getLong(1), Alert.Kind.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                            rs.getObject(9) == null ? null : rs.getLong(9)));
                }
            }
        }
        return out;
    }

    /**
     * Raises the alerts whose condition holds at {@code nowMs} and are not open, clears the open
     * ones whose condition is gone, and returns the changes (raised with {@code clearedMs} null).
     */
    public synchronized List<Alert> evaluate(long nowMs, Set<String> offlineShelves) throws Exception {
        Map<Key, Wanted> wanted = conditions(nowMs, offlineShelves);
        Map<Key, Alert> open = new LinkedHashMap<>();
        for (Alert a : open()) {
            open.put(new Key(a.kind(), a.subject()), a);
        }
        List<Alert> changes = new ArrayList<>();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement(INSERT, new String[] {"id"});
                 PreparedStatement clr = c.prepareStatement(CLEAR)) {
                for (var e : open.entrySet()) {
                    if (!wanted.containsKey(e.getKey())) {
                        Alert a = e.getValue();
                        clr.setLong(1, nowMs);
                        clr.setLong(2, a.id());
                        clr.executeUpdate();
                        changes.add(new Alert(a.id(), a.kind(), a.subject(), a.shelf(), a.lane(), a.sku(), a.detail(),
                                a.raisedMs(), nowMs));
                    }
                }
                for (var e : wanted.entrySet()) {
                    if (open.containsKey(e.getKey())) {
                        continue;
                    }
                    Wanted w = e.getValue();
                    ins.setString(1, e.getKey().kind().name());
                    ins.setString(2, e.getKey().subject());
                    ins.setString(3, w.shelf());
                    ins.setString(4, w.lane());
                    ins.setString(5, w.sku());
                    ins.setString(6, w.detail());
                    ins.setLong(7, nowMs);
                    ins.executeUpdate();
                    long id;
                    try (ResultSet keys = ins.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    changes.add(new Alert(id, e.getKey().kind(), e.getKey().subject(), w.shelf(), w.lane(), w.sku(),
                            w.detail(), nowMs, null));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        for (Alert a : changes) {
            for (AlertListener l : listeners) {
                try {
                    if (a.clearedMs() == null) {
                        l.raised(a);
                    } else {
                        l.cleared(a);
                    }
                } catch (RuntimeException e) {
                    log.warn("alert listener {} failed on {} {}: {}", l, a.kind().wireName(), a.subject(), e.toString());
                }
            }
        }
        return changes;
    }

    /**
     * The faults a shelf's agent reported in its latest heartbeat (empty: none); the next
     * evaluation raises or clears a {@link Alert.Kind#SHELF_FAULT} for it. Non-blocking.
     */
    public void shelfFaults(String shelf, List<String> faults) {
        if (faults.isEmpty()) {
            shelfFaults.remove(shelf);
        } else {
            shelfFaults.put(shelf, List.copyOf(faults));
        }
    }

    /** The region upload's alert text (lag past its threshold, refused), or null; the next evaluation follows it. */
    public void regionUpload(String detail) {
        regionUpload = detail;
    }

    private Map<Key, Wanted> conditions(long nowMs, Set<String> offlineShelves) throws Exception {
        Map<Key, Wanted> out = new LinkedHashMap<>();
        String region = regionUpload;
        if (region != null) {
            out.put(new Key(Alert.Kind.REGION_UPLOAD, "region"), new Wanted(null, null, null, region));
        }
        Map<String, Product> products = new HashMap<>();
        for (Product p : catalog.products()) {
            products.put(p.sku(), p);
        }
        List<Shelf> shelves = catalog.shelves();
        List<StoredEvent> recent = ledger.events(nowMs - settings.recentMs(), nowMs + 1);
        Map<String, StoredEvent> lastOnLane = new HashMap<>();
        for (StoredEvent e : recent) {
            lastOnLane.put(e.shelf() + "/" + e.lane(), e);
        }
        long unsoldFrom = nowMs - settings.unsoldDays() * 86_400_000L;
        Set<String> sold = new HashSet<>();
        for (SaleLine s : ledger.sales(unsoldFrom, nowMs + 1)) {
            if (s.qty() > 0) {
                sold.add(s.sku());
            }
        }
        for (Shelf shelf : shelves) {
            if (offlineShelves.contains(shelf.id())) {
                out.put(new Key(Alert.Kind.SHELF_OFFLINE, shelf.id()),
                        new Wanted(shelf.id(), null, null, "货架 " + shelf.name() + " 离线 shelf offline"));
            }
            List<String> faults = shelfFaults.get(shelf.id());
            if (faults != null) {
                out.put(new Key(Alert.Kind.SHELF_FAULT, shelf.id()), new Wanted(shelf.id(), null, null,
                        "货架 " + shelf.name() + " 故障 shelf fault: " + String.join("; ", faults)));
            }
            Map<String, Integer> stock = ledger.stockByLane(shelf.id());
            for (Shelf.Lane lane : shelf.lanes()) {
                String subject = shelf.id() + "/" + lane.lane();
                String sku = lane.sku();
                String name = sku != null && products.containsKey(sku) ? products.get(sku).nameZh() : "";
                if (sku != null) {
                    int qty = stock.getOrDefault(lane.lane(), 0);
                    if (qty <= settings.lowStockItems()) {
                        out.put(new Key(Alert.Kind.LOW_STOCK, subject), new Wanted(shelf.id(), lane.lane(), sku,
                                name + " 剩余 " + qty + " 件 (" + qty + " left)"));
                    }
                    if (!sold.contains(sku) && catalog.priceFenAt(sku, unsoldFrom).isPresent()) {
                        out.putIfAbsent(new Key(Alert.Kind.UNSOLD, sku), new Wanted(shelf.id(), lane.lane(), sku,
                                name + " " + settings.unsoldDays() + " 天无销售 (no sale in " + settings.unsoldDays()
                                        + " days)"));
                    }
                }
                StoredEvent last = lastOnLane.get(subject);
                if (last != null && last.type().equals("anomaly") && last.detail() != null) {
                    if (last.detail().startsWith("sensor_fault")) {
                        out.put(new Key(Alert.Kind.SENSOR_FAULT, subject), new Wanted(shelf.id(), lane.lane(), sku,
                                "传感器故障 sensor fault: " + last.detail()));
                    } else if (last.detail().startsWith("foreign_item")) {
                        out.put(new Key(Alert.Kind.WRONG_ITEM, subject), new Wanted(shelf.id(), lane.lane(), sku,
                                "货道有错放商品 wrong item on the lane: " + Math.round(last.grams()) + " g"));
                    }
                }
            }
        }
        restockMismatches(nowMs, recent, out);
        quarantined(out);
        LocalDate today = Instant.ofEpochMilli(nowMs).atZone(zone).toLocalDate();
        for (Product p : products.values()) {
            if (p.certification() != null) {
                long days = ChronoUnit.DAYS.between(today, p.certification().validUntil());
                if (days <= settings.certWarnDays()) {
                    out.put(new Key(Alert.Kind.CERTIFICATION_EXPIRING, p.sku()), new Wanted(null, null, p.sku(),
                            p.nameZh() + " 认定 " + p.certification().number() + (days < 0 ? " 已过期 expired " : " 到期 expires ")
                                    + p.certification().validUntil()));
                }
            }
        }
        return out;
    }

    /**
     * One alert per shelf and kind of quarantined events awaiting an operator (not one per event: a
     * shelf sending thousands must not flood the console and the webhook); it clears once every such
     * event of the shelf is released or rejected.
     */
    private void quarantined(Map<Key, Wanted> out) throws Exception {
        Map<Key, List<org.ssk.hub.ledger.QuarantinedEvent>> held = new LinkedHashMap<>();
        for (org.ssk.hub.ledger.QuarantinedEvent q : ledger.quarantined(true)) {
            try {
                Alert.Kind kind = Alert.Kind.valueOf(q.kind().toUpperCase(java.util.Locale.ROOT));
                held.computeIfAbsent(new Key(kind, q.event().shelf()), k -> new ArrayList<>()).add(q);
            } catch (IllegalArgumentException e) {
                log.warn("quarantined event {} has an unknown kind {}", q.event().eventId(), q.kind());
            }
        }
        held.forEach((key, list) -> {
            StoredEvent first = list.get(0).event();
            out.put(key, new Wanted(first.shelf(), list.size() == 1 ? first.lane() : null, null,
                    "隔离待审 " + list.size() + " quarantined event" + (list.size() == 1 ? "" : "s") + ", e.g. "
                            + first.type() + " " + first.eventId() + ": " + list.get(0).reason()));
        });
    }

    private void restockMismatches(long nowMs, List<StoredEvent> recent, Map<Key, Wanted> out) throws Exception {
        List<StockEntry> entries = ledger.stockEntries(nowMs - settings.recentMs(), nowMs + 1);
        Set<String> resolved = new HashSet<>();
        for (StockEntry e : entries) {
            if (e.refersTo() != null) {
                resolved.add(e.refersTo());
            }
        }
        long window = settings.restockWindowMs();
        for (StockEntry d : entries) {
            if (!d.kind().equals(StockEntry.RESTOCK_DECLARED) || nowMs - d.tMs() <= window
                    || resolved.contains(d.entryId())) {
                continue;
            }
            boolean counted = entries.stream().anyMatch(x -> x.kind().equals(StockEntry.STOCKTAKE)
                    && x.shelf().equals(d.shelf()) && x.lane().equals(d.lane()) && x.tMs() > d.tMs());
            if (counted) {
                continue;
            }
            int seen = recent.stream().filter(e -> e.type().equals("restock") && e.shelf().equals(d.shelf())
                    && e.lane().equals(d.lane()) && Math.abs(e.tMs() - d.tMs()) <= window)
                    .mapToInt(StoredEvent::qty).sum();
            if (seen != d.qty()) {
                out.put(new Key(Alert.Kind.RESTOCK_MISMATCH, d.entryId()), new Wanted(d.shelf(), d.lane(), d.sku(),
                        "补货登记 " + d.qty() + " 件，货架检测 " + seen + " 件 (declared " + d.qty() + ", shelf saw "
                                + seen + ")"));
            }
        }
    }
}
