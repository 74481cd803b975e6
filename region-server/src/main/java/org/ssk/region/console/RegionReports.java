package org.ssk.region.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ssk.region.store.ConsoleStore.SaleDay;

/**
 * The region's reports across centers, computed from sale lines per center, day and SKU (the
 * daily aggregates, whose days are the region zone's): grouped by center, county of origin,
 * producer, certified or not, day, ISO week (Monday to Sunday, as China's GB/T 7408 counts weeks)
 * or month, each group with units, amount (fen) and the registered poor households driven (the
 * households of the distinct producers whose certified products sold in the group, as the hub
 * counts them). County and producer come from the SKU's certificate; a SKU the region never
 * certified groups under {@value #NONE}. Pure; thread-safe.
 */
public final class RegionReports {
    /** The group of sales without a certificate's county or producer. */
    public static final String NONE = "(未认定 uncertified)";

    /** What a report groups by. */
    public enum Dimension {
        CENTER, COUNTY, PRODUCER, CERTIFICATION, DAY, WEEK, MONTH;

        public static Dimension parse(String s) {
            try {
                return valueOf(String.valueOf(s).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("dimension: center, county, producer, certification, day, week"
                        + " or month");
            }
        }
    }

    /** One group: its key (sortable), a label, units, amount in fen, households driven. */
    public record Row(String key, String label, long units, long amountFen, long households) {
    }

    private RegionReports() {
    }

    /** The groups of {@code sales} by {@code dim}, in key order. */
    public static List<Row> group(List<SaleDay> sales, Dimension dim) {
        Map<String, List<SaleDay>> groups = new TreeMap<>();
        for (SaleDay s : sales) {
            groups.computeIfAbsent(key(s, dim), k -> new ArrayList<>()).add(s);
        }
        List<Row> out = new ArrayList<>();
        groups.forEach((k, g) -> out.add(new Row(k, label(g.get(0), dim, k), g.stream().mapToLong(SaleDay::qty).sum(),
                g.stream().mapToLong(SaleDay::amountFen).sum(), households(g))));
        return out;
    }

    /**
     * Households of the distinct producers whose products sold certified in {@code sales} (each
     * producer once, with the most its certificates name): a total over groups is this over all
     * sales, not the sum of the groups' counts.
     */
    public static long households(List<SaleDay> sales) {
        Map<String, Integer> producers = new HashMap<>();
        for (SaleDay s : sales) {
            if (s.certified() && s.producer() != null) {
                producers.merge(s.producer(), s.households() == null ? 0 : s.households(), Math::max);
            }
        }
        return producers.values().stream().mapToLong(Integer::longValue).sum();
    }

    static String key(SaleDay s, Dimension dim) {
        LocalDate d = s.day();
        return switch (dim) {
            case CENTER -> s.center();
            case COUNTY -> s.county() == null ? NONE : s.county();
            case PRODUCER -> s.producer() == null ? NONE : s.producer();
            case CERTIFICATION -> s.certified() ? "certified" : "uncertified";
            case DAY -> d.toString();
            case WEEK -> String.format(Locale.ROOT, "%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR),
                    d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%d-%02d", d.getYear(), d.getMonthValue());
        };
    }

    private static String label(SaleDay s, Dimension dim, String key) {
        return switch (dim) {
            case CENTER -> s.centerName() + " (" + s.center() + ")";
            case CERTIFICATION -> s.certified() ? "认定产品 certified" : "未认定 not certified";
            default -> key;
        };
    }

    /**
     * The region's upward report as a table (header first, total last) for {@code Sheets.toCsv} /
     * {@code toXlsx}: one row per center, SKU and certified-or-not over the period.
     */
    public static List<List<Object>> upwardRows(List<SaleDay> sales) {
        record Key(String center, String sku, boolean certified) {
        }
        Map<Key, long[]> sums = new TreeMap<>(java.util.Comparator.comparing(Key::center).thenComparing(Key::sku)
                .thenComparing(Key::certified));
        Map<Key, SaleDay> first = new HashMap<>();
        for (SaleDay s : sales) {
            Key k = new Key(s.center(), s.sku(), s.certified());
            first.putIfAbsent(k, s);
            long[] v = sums.computeIfAbsent(k, x -> new long[2]);
            v[0] += s.qty();
            v[1] += s.amountFen();
        }
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("中心 center", "产品 product", "SKU", "认定编号 certification", "经营主体 producer", "县 county",
                "认定 certified", "数量 quantity", "金额(元) amount_yuan"));
        long q = 0;
        long a = 0;
        for (var e : sums.entrySet()) {
            SaleDay s = first.get(e.getKey());
            rows.add(List.of(s.center(), orEmpty(s.product()), s.sku(), orEmpty(s.certNumber()), orEmpty(s.producer()),
                    orEmpty(s.county()), s.certified() ? "是 yes" : "否 no", e.getValue()[0],
                    BigDecimal.valueOf(e.getValue()[1], 2)));
            q += e.getValue()[0];
            a += e.getValue()[1];
        }
        rows.add(List.of("合计 total", "", "", "", "", "", "", q, BigDecimal.valueOf(a, 2)));
        return rows;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
