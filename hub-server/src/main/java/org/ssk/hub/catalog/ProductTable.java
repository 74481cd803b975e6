package org.ssk.hub.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The catalog as a table for operators' spreadsheets: one row per product with fixed column names
 * ({@link #COLUMNS}), and the planogram as one row per lane ({@link #PLANOGRAM_COLUMNS}). Parsing
 * checks every row and reports each problem as "row N, column: reason" (N as the spreadsheet
 * numbers it, the header is row 1); a table with any problem yields no products. Pure; thread-safe.
 */
public final class ProductTable {
    public static final List<String> COLUMNS = List.of("sku", "name_zh", "name_en", "price_yuan", "unit", "spec",
            "intro_zh", "intro_en", "story_zh", "story_en", "province", "city", "county", "town", "village",
            "producer_id", "producer_name", "producer_kind", "households", "season", "output_scale", "annual_output",
            "market_low_yuan", "market_high_yuan", "cert_number", "cert_issuer", "cert_valid_until", "trace_batch",
            "trace_date", "trace_inspection", "color", "image_url", "video_url");
    /** Columns a table may leave out (older exports): the producer's impact and photo. */
    public static final List<String> OPTIONAL_COLUMNS = List.of("income_yuan", "producer_photo_url");
    public static final List<String> PLANOGRAM_COLUMNS = List.of("shelf", "shelf_name", "lane", "sku", "unit_grams");
    /** A planogram column a table may leave out (older exports): items a lane holds when full, empty when not known. */
    public static final String CAPACITY_COLUMN = "capacity";

    /** Parsed rows, or the problems found; {@code products} is empty whenever {@code errors} is not. */
    public record Parsed<T>(List<T> items, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private ProductTable() {
    }

    public static List<List<Object>> toRows(List<Product> products) {
        List<List<Object>> rows = new ArrayList<>();
        List<Object> head = new ArrayList<>(COLUMNS);
        head.addAll(OPTIONAL_COLUMNS);
        rows.add(head);
        for (Product p : products) {
            Product.Certification c = p.certification();
            Product.PriceRange m = p.marketPrice();
            List<Object> r = new ArrayList<>(List.of(p.sku(), p.nameZh(), p.nameEn(), p.priceYuan(), p.unit(), p.spec()));
            r.addAll(java.util.Arrays.asList(p.introZh(), p.introEn(), p.storyZh(), p.storyEn(), p.origin().province(),
                    p.origin().city(), p.origin().county(), p.origin().town(), p.origin().village(), p.producer().id(),
                    p.producer().name(), p.producer().kind(), p.producer().households(), p.season(), p.outputScale(),
                    p.annualOutput(), m == null ? null : m.lowYuan(), m == null ? null : m.highYuan(),
                    c == null ? null : c.number(), c == null ? null : c.issuer(),
                    c == null ? null : c.validUntil().toString(), p.trace().batch(),
                    p.trace().date() == null ? null : p.trace().date().toString(), p.trace().inspection(), p.color(),
                    p.imageUrl(), p.videoUrl(), p.producer().incomeYuan(), p.producer().photoUrl()));
            rows.add(r);
        }
        return rows;
    }

    public static List<List<Object>> planogramRows(List<Shelf> shelves) {
        List<List<Object>> rows = new ArrayList<>();
        List<Object> head = new ArrayList<>(PLANOGRAM_COLUMNS);
        head.add(CAPACITY_COLUMN);
        rows.add(head);
        for (Shelf s : shelves) {
            for (Shelf.Lane l : s.lanes()) {
                rows.add(java.util.Arrays.asList(s.id(), s.name(), l.lane(), l.sku(), l.unitGrams(), l.capacity()));
            }
        }
        return rows;
    }

    public static Parsed<Product> parseProducts(List<List<String>> rows) {
        List<String> errors = new ArrayList<>();
        Map<String, Integer> col = header(rows, COLUMNS, errors);
        List<Product> products = new ArrayList<>();
        if (!errors.isEmpty()) {
            return new Parsed<>(List.of(), errors);
        }
        Set<String> skus = new HashSet<>();
        for (int i = 1; i < rows.size(); i++) {
            int rowNo = i + 1;
            List<String> row = rows.get(i);
            Function<String, String> get = name -> {
                Integer c = col.get(name);
                String v = c != null && c < row.size() ? row.get(c).trim() : "";
                return v.isEmpty() ? null : v;
            };
            String at = "row " + rowNo;
            try {
                Product.Certification cert = get.apply("cert_number") == null ? null
                        : new Product.Certification(get.apply("cert_number"), get.apply("cert_issuer"),
                        date(get.apply("cert_valid_until"), "cert_valid_until"));
                Product.PriceRange market = get.apply("market_low_yuan") == null && get.apply("market_high_yuan") == null
                        ? null : new Product.PriceRange(number(get.apply("market_low_yuan"), "market_low_yuan"),
                        number(get.apply("market_high_yuan"), "market_high_yuan"));
                String households = get.apply("households");
                String income = get.apply("income_yuan");
                Product p = new Product(get.apply("sku"), get.apply("name_zh"), get.apply("name_en"),
                        number(get.apply("price_yuan"), "price_yuan"), get.apply("unit"), get.apply("spec"),
                        get.apply("intro_zh"), get.apply("intro_en"), get.apply("story_zh"), get.apply("story_en"),
                        new Product.Origin(get.apply("province"), get.apply("city"), get.apply("county"),
                                get.apply("town"), get.apply("village")),
                        new Product.Producer(get.apply("producer_id"), get.apply("producer_name"),
                                get.apply("producer_kind"), households == null ? null
                                : number(households, "households").intValueExact(),
                                income == null ? null : number(income, "income_yuan").intValueExact(),
                                get.apply("producer_photo_url")),
                        get.apply("season"), get.apply("output_scale"), get.apply("annual_output"), market, cert,
                        new Product.Trace(get.apply("trace_batch"),
                                get.apply("trace_date") == null ? null : date(get.apply("trace_date"), "trace_date"),
                                get.apply("trace_inspection")),
                        get.apply("color"), Product.mediaUrl("image_url", get.apply("image_url")),
                        Product.mediaUrl("video_url", get.apply("video_url")));
                if (!skus.add(p.sku())) {
                    errors.add(at + ", sku: " + p.sku() + " appears twice");
                } else {
                    products.add(p);
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                errors.add(at + ", " + e.getMessage());
            }
        }
        return errors.isEmpty() ? new Parsed<>(List.copyOf(products), List.of()) : new Parsed<>(List.of(), errors);
    }

    /** The planogram rows grouped into shelves (lanes in row order); config versions are left 0. */
    public static Parsed<Shelf> parsePlanogram(List<List<String>> rows, Set<String> knownSkus) {
        List<String> errors = new ArrayList<>();
        Map<String, Integer> col = header(rows, PLANOGRAM_COLUMNS, errors);
        if (!errors.isEmpty()) {
            return new Parsed<>(List.of(), errors);
        }
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<Shelf.Lane>> lanes = new HashMap<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            Function<String, String> get = name -> {
                Integer c = col.get(name);
                String v = c != null && c < row.size() ? row.get(c).trim() : "";
                return v.isEmpty() ? null : v;
            };
            String at = "row " + (i + 1);
            try {
                String shelf = org.ssk.protocol.Topics.requireShelfId(get.apply("shelf"));
                String sku = get.apply("sku");
                if (sku != null && !knownSkus.contains(sku)) {
                    throw new IllegalArgumentException("sku: no product " + sku + " in the catalog");
                }
                String grams = get.apply("unit_grams");
                String capacity = get.apply(CAPACITY_COLUMN);
                Shelf.Lane lane = new Shelf.Lane(get.apply("lane"), sku,
                        grams == null ? 0 : number(grams, "unit_grams").doubleValue(),
                        capacity == null ? null : count(capacity, CAPACITY_COLUMN));
                String name = get.apply("shelf_name") == null ? shelf : get.apply("shelf_name");
                names.putIfAbsent(shelf, name);
                lanes.computeIfAbsent(shelf, k -> new ArrayList<>()).add(lane);
            } catch (IllegalArgumentException e) {
                errors.add(at + ", " + e.getMessage());
            }
        }
        List<Shelf> shelves = new ArrayList<>();
        for (var e : names.entrySet()) {
            try {
                shelves.add(new Shelf(e.getKey(), e.getValue(), 0, lanes.get(e.getKey())));
            } catch (IllegalArgumentException x) {
                errors.add("shelf " + e.getKey() + ": " + x.getMessage());
            }
        }
        return errors.isEmpty() ? new Parsed<>(List.copyOf(shelves), List.of()) : new Parsed<>(List.of(), errors);
    }

    private static Map<String, Integer> header(List<List<String>> rows, List<String> required, List<String> errors) {
        Map<String, Integer> col = new HashMap<>();
        if (rows.isEmpty()) {
            errors.add("row 1: the table is empty; the first row must name the columns");
            return col;
        }
        List<String> head = rows.get(0);
        for (int c = 0; c < head.size(); c++) {
            col.putIfAbsent(head.get(c).trim().toLowerCase(java.util.Locale.ROOT), c);
        }
        List<String> missing = required.stream().filter(n -> !col.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            errors.add("row 1: missing columns " + String.join(", ", missing));
        }
        return col;
    }

    private static BigDecimal number(String text, String column) {
        if (text == null) {
            throw new IllegalArgumentException(column + " is required");
        }
        try {
            return new BigDecimal(text.replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + ": not a number: " + text);
        }
    }

    /** A whole number of items ("12", or "12.0" as a spreadsheet writes it). */
    private static int count(String text, String column) {
        try {
            return number(text, column).intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(column + ": not a whole number of items: " + text);
        }
    }

    private static LocalDate date(String text, String column) {
        if (text == null) {
            throw new IllegalArgumentException(column + " is required");
        }
        try {
            return LocalDate.parse(text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(column + ": expected a date YYYY-MM-DD, was: " + text);
        }
    }
}
