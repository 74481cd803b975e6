package org.ssk.hub.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.ledger.Ledger;

/**
 * Sales reports of the ledger for a period of days, grouped by one {@link Dimension}: units sold,
 * amount (at the price of each sale's time), pickups (lifts seen on the shelves), pickup-to-sale
 * conversion (shelf units sold / pickups), and the registered poor households driven (the
 * households of the distinct producers whose products sold). Days are calendar days in
 * {@code zone} (the center's, Asia/Shanghai). Reads the stores; thread-safe; blocking.
 *
 * <p>The sums are computed by the database ({@link ReportSql}: one grouped query over the sale
 * lines and one over the lifts, per SKU and, when the dimension needs them, shelf or local day),
 * so a report reads a few thousand rows however many entries the period holds; the catalog then
 * maps SKUs to counties, producers and certificates here.
 */
public final class Reports {
    /** How rows are grouped. */
    public enum Dimension {
        SHELF, PRODUCT, COUNTY, PRODUCER, DAY, WEEK, MONTH, CERTIFICATION;

        public static Dimension parse(String s) {
            try {
                return valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("report dimension must be one of shelf, product, county, producer,"
                        + " day, week, month, certification; was " + s);
            }
        }
    }

    /**
     * One group. {@code amountFen} in fen; {@code conversion} null without pickups;
     * {@code households} of the distinct producers that sold in the group.
     */
    public record Row(String key, String label, long units, long amountFen, long pickups, long shelfUnits,
                      Double conversion, int households) {
        public BigDecimal amountYuan() {
            return BigDecimal.valueOf(amountFen, 2);
        }
    }

    /** A report: its rows by key and the total over the period. */
    public record Report(Dimension dimension, LocalDate from, LocalDate to, List<Row> rows, Row total) {
    }

    /**
     * One line of the upward report (上报台账): a product's sales in the period; of them,
     * {@code expiredCertQuantity} units were sold after the product's certificate had expired
     * (the ledger's flag of each sale line), which the report flags.
     */
    public record UpwardLine(String sku, String product, String certNumber, String producer, String county,
                             long quantity, long amountFen, long expiredCertQuantity) {
    }

    private final Catalog catalog;
    private final Ledger ledger;
    private final ZoneId zone;

    public Reports(Catalog catalog, Ledger ledger, ZoneId zone) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.zone = zone;
    }

    /** The report for days [from, to] inclusive. */
    public Report report(Dimension dim, LocalDate from, LocalDate to) throws Exception {
        long fromMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("report period: from " + from + " is after to " + to);
        }
        Map<String, Product> products = new TreeMap<>();
        for (Product p : catalog.products()) {
            products.put(p.sku(), p);
        }
        Map<String, Acc> groups = new TreeMap<>();
        Acc total = new Acc("total", "合计 Total");
        ReportSql.Grouping grouping = new ReportSql.Grouping(dim == Dimension.SHELF,
                switch (dim) {
                    case DAY, WEEK, MONTH, CERTIFICATION -> true;
                    default -> false;
                });
        for (ReportSql.Span span : spans(fromMs, toMs)) {
            // The two sums are independent: the lifts are summed on a second connection meanwhile.
            java.util.concurrent.FutureTask<List<ReportSql.Lifts>> lifts = new java.util.concurrent.FutureTask<>(
                    () -> ReportSql.lifts(catalog.database(), grouping, span));
            Thread.ofPlatform().name("report-lifts").daemon().start(lifts);
            List<ReportSql.Sales> sales;
            try {
                sales = ReportSql.sales(catalog.database(), grouping, span);
            } finally {
                liftsDone(lifts);
            }
            for (ReportSql.Sales s : sales) {
                Product p = products.get(s.sku());
                String key = key(dim, s.day(), s.shelf(), s.sku(), p);
                groups.computeIfAbsent(key, k -> new Acc(k, label(dim, k, p))).sale(s, p);
                total.sale(s, p);
            }
            for (ReportSql.Lifts l : liftsDone(lifts)) {
                Product p = l.sku() == null ? null : products.get(l.sku());
                String key = key(dim, l.day(), l.shelf(), l.sku(), p);
                groups.computeIfAbsent(key, k -> new Acc(k, label(dim, k, p))).pickups += l.count();
                total.pickups += l.count();
            }
        }
        return new Report(dim, from, to, groups.values().stream().map(Acc::row).toList(), total.row());
    }

    /** Waits for the lift sums; their failure is thrown as it was. */
    private static List<ReportSql.Lifts> liftsDone(java.util.concurrent.FutureTask<List<ReportSql.Lifts>> lifts)
            throws Exception {
        try {
            return lifts.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /**
     * [fromMs, toMs) cut where the zone's UTC offset changes, each piece with its offset, so the
     * database can compute local days as {@code (t_ms + offset) / 86400000}.
     */
    private List<ReportSql.Span> spans(long fromMs, long toMs) {
        List<ReportSql.Span> out = new ArrayList<>();
        long a = fromMs;
        while (a < toMs) {
            Instant at = Instant.ofEpochMilli(a);
            var next = zone.getRules().nextTransition(at);
            long b = next == null ? toMs : Math.min(toMs, next.getInstant().toEpochMilli());
            out.add(new ReportSql.Span(a, b, zone.getRules().getOffset(at).getTotalSeconds() * 1000L));
            a = b;
        }
        return out;
    }

    /** How long a picked item may stay off its lane before it counts as having left the shelf. */
    public static final long DEFAULT_RETURN_WINDOW_MS = 10 * 60_000L;

    /**
     * Shelf departures in days [from, to] (picks not put back within {@code returnWindowMs}; picks
     * still inside the window at {@code nowMs} are not counted) matched per SKU with the sales of
     * the same days: what left the shelves and was sold, and what left without a sale.
     */
    public List<org.ssk.hub.ledger.Departures.Match> departures(LocalDate from, LocalDate to, long returnWindowMs,
                                                                long nowMs) throws Exception {
        long fromMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        var result = org.ssk.hub.ledger.Departures.of(ledger.events(fromMs, toMs), returnWindowMs, nowMs);
        return org.ssk.hub.ledger.Departures.match(result.departures(), ledger.sales(fromMs, toMs));
    }

    /** The upward report: per product sold in days [from, to], with certificate, producer and county. */
    public List<UpwardLine> upward(LocalDate from, LocalDate to) throws Exception {
        Report byProduct = report(Dimension.PRODUCT, from, to);
        Map<String, Long> expired = new TreeMap<>();
        for (ReportSql.ExpiredCert e : ReportSql.expiredCertSales(catalog.database(),
                from.atStartOfDay(zone).toInstant().toEpochMilli(),
                to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli())) {
            expired.put(e.sku(), e.units());
        }
        List<UpwardLine> out = new ArrayList<>();
        for (Row r : byProduct.rows()) {
            if (r.units() == 0 && r.amountFen() == 0) {
                continue;
            }
            Product p = catalog.product(r.key()).orElse(null);
            out.add(new UpwardLine(r.key(), p == null ? r.key() : p.nameZh(),
                    p == null || p.certification() == null ? "" : p.certification().number(),
                    p == null ? "" : p.producer().name(), p == null ? "" : p.origin().county(), r.units(),
                    r.amountFen(), expired.getOrDefault(r.key(), 0L)));
        }
        return out;
    }

    /** The upward report as a table (header first) for {@code Sheets.toCsv} / {@code toXlsx}. */
    public static List<List<Object>> upwardRows(List<UpwardLine> lines) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("产品 product", "SKU", "认定编号 certification", "经营主体 producer", "县 county",
                "数量 quantity", "金额(元) amount_yuan", "认定过期后售出 sold_after_cert_expired", "标记 flag"));
        long q = 0;
        long a = 0;
        long x = 0;
        for (UpwardLine l : lines) {
            rows.add(List.of(l.product(), l.sku(), l.certNumber(), l.producer(), l.county(), l.quantity(),
                    BigDecimal.valueOf(l.amountFen(), 2), l.expiredCertQuantity(),
                    l.expiredCertQuantity() == 0 ? "" : "认定已过期 certificate expired"));
            q += l.quantity();
            a += l.amountFen();
            x += l.expiredCertQuantity();
        }
        rows.add(List.of("合计 total", "", "", "", "", q, BigDecimal.valueOf(a, 2), x, ""));
        return rows;
    }

    private static String key(Dimension dim, long epochDay, String shelf, String sku, Product p) {
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        return switch (dim) {
            case SHELF -> shelf == null ? "(online)" : shelf;
            case PRODUCT -> sku == null ? "(none)" : sku;
            case COUNTY -> p == null ? "(unknown)" : p.origin().county();
            case PRODUCER -> p == null ? "(unknown)" : p.producer().id();
            case DAY -> day.toString();
            case WEEK -> String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> day.toString().substring(0, 7);
            case CERTIFICATION -> p == null ? "not_certified" : switch (p.certState(day)) {
                case CERTIFIED -> "certified";
                case EXPIRED -> "expired";
                case UNCERTIFIED -> "not_certified";
            };
        };
    }

    private static String label(Dimension dim, String key, Product p) {
        return switch (dim) {
            case PRODUCT -> p == null ? key : p.nameZh() + " " + p.nameEn();
            case PRODUCER -> p == null ? key : p.producer().name();
            case CERTIFICATION -> switch (key) {
                case "certified" -> "已认定扶贫产品 certified";
                case "expired" -> "认定已过期 certificate expired";
                default -> "未认定 not certified";
            };
            default -> key;
        };
    }

    private static final class Acc {
        final String key;
        final String label;
        long units;
        long amount;
        long pickups;
        long shelfUnits;
        final Map<String, Integer> producers = new TreeMap<>();
        final Set<String> seen = new HashSet<>();

        Acc(String key, String label) {
            this.key = key;
            this.label = label;
        }

        void sale(ReportSql.Sales s, Product p) {
            units += s.units();
            amount += s.amountFen();
            shelfUnits += s.shelfUnits();
            if (p != null && s.anySold() && seen.add(p.producer().id())) {
                producers.put(p.producer().id(), p.producer().households() == null ? 0 : p.producer().households());
            }
        }

        Row row() {
            Function<Long, Double> conv = pk -> pk == 0 ? null : Math.round(shelfUnits * 1000.0 / pk) / 1000.0;
            return new Row(key, label, units, amount, pickups, shelfUnits, conv.apply(pickups),
                    producers.values().stream().mapToInt(Integer::intValue).sum());
        }
    }
}
