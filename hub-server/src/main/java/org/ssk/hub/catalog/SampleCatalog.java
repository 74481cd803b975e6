package org.ssk.hub.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample catalog shipped with the hub ({@code sample-catalog.json} next to this class):
 * invented cooperatives and certificates for products of 东源县 (Heyuan, Guangdong) and 乐业县 /
 * 凌云县 (Baise, Guangxi), on three shelves S1-S3 of five lanes. The demo loads it into an empty
 * catalog; tests use it as realistic data.
 */
public final class SampleCatalog {
    /** The products and planogram read from the resource. */
    public record Data(List<Product> products, List<Shelf> shelves) {
    }

    private SampleCatalog() {
    }

    public static Data read() {
        try (InputStream in = SampleCatalog.class.getResourceAsStream("sample-catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("sample-catalog.json is missing from the hub's resources");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Product> products = new ArrayList<>();
            for (JsonNode p : root.path("products")) {
                products.add(product(p));
            }
            List<Shelf> shelves = new ArrayList<>();
            for (JsonNode s : root.path("shelves")) {
                List<Shelf.Lane> lanes = new ArrayList<>();
                for (JsonNode l : s.path("lanes")) {
                    lanes.add(new Shelf.Lane(l.path("lane").asText(), text(l, "sku"), l.path("unit_grams").asDouble(),
                            l.hasNonNull("capacity") ? l.get("capacity").asInt() : null));
                }
                shelves.add(new Shelf(s.path("id").asText(), s.path("name").asText(), 0, lanes));
            }
            return new Data(List.copyOf(products), List.copyOf(shelves));
        } catch (IOException e) {
            throw new IllegalStateException("sample-catalog.json is unreadable: " + e.getMessage(), e);
        }
    }

    /** Stores the sample in {@code catalog} in one transaction, prices valid from {@code atMs}. */
    public static void load(Catalog catalog, long atMs) throws SQLException {
        Data data = read();
        try (Connection c = catalog.database().connect()) {
            c.setAutoCommit(false);
            try {
                catalog.saveProducts(c, data.products(), atMs);
                for (Shelf s : data.shelves()) {
                    catalog.savePlanogram(c, s);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Product product(JsonNode p) {
        JsonNode o = p.path("origin");
        JsonNode r = p.path("producer");
        JsonNode c = p.path("certification");
        JsonNode t = p.path("trace");
        return new Product(text(p, "sku"), text(p, "name_zh"), text(p, "name_en"), new BigDecimal(text(p, "price_yuan")),
                text(p, "unit"), text(p, "spec"), text(p, "intro_zh"), text(p, "intro_en"), text(p, "story_zh"),
                text(p, "story_en"),
                new Product.Origin(text(o, "province"), text(o, "city"), text(o, "county"), text(o, "town"),
                        text(o, "village")),
                new Product.Producer(text(r, "id"), text(r, "name"), text(r, "kind"),
                        r.hasNonNull("households") ? r.get("households").asInt() : null,
                        r.hasNonNull("income_yuan") ? r.get("income_yuan").asInt() : null, text(r, "photo_url")),
                text(p, "season"), text(p, "output_scale"), text(p, "annual_output"),
                p.hasNonNull("market_low") ? new Product.PriceRange(new BigDecimal(text(p, "market_low")),
                        new BigDecimal(text(p, "market_high"))) : null,
                c.isObject() ? new Product.Certification(text(c, "number"), text(c, "issuer"),
                        LocalDate.parse(text(c, "valid_until"))) : null,
                new Product.Trace(text(t, "batch"), t.hasNonNull("date") ? LocalDate.parse(text(t, "date")) : null,
                        text(t, "inspection")),
                text(p, "color"), text(p, "image_url"), text(p, "video_url"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
