package org.ssk.hub.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.Replies;
import org.ssk.hub.http.Uploads;
import org.ssk.hub.kiosk.KioskCatalog;

/**
 * Editing the catalog and the planogram from the console (operators and admins, see
 * {@link org.ssk.hub.http.Access}):
 * <ul>
 *   <li>{@code GET /api/v1/catalog/products}: every product as an object of the
 *       {@link ProductTable#COLUMNS} (text values, "" for none); {@code POST} the same object adds a
 *       product (409 when the SKU exists), {@code PUT /api/v1/catalog/products/{sku}} replaces one
 *       (404 when unknown). Checked as a spreadsheet row would be: 400 with {@code errors};</li>
 *   <li>{@code POST /api/v1/catalog/products/{sku}/image}: the raw PNG/JPEG/WebP body is stored in
 *       the {@link MediaStore} and becomes the product's {@code image_url}; {@code GET
 *       /api/v1/media/{name}} serves it (public: kiosks show it);</li>
 *   <li>{@code GET /api/v1/catalog/shelves}, {@code PUT /api/v1/catalog/shelves/{id}}
 *       {@code {"name","lanes":[{"lane","sku","unit_grams","capacity"}]}}: the planogram; {@code capacity}
 *       is the items the lane holds when full, a whole number 1..{@link Shelf.Lane#MAX_CAPACITY}, or
 *       null (left out) when not known; anything else is 400;</li>
 *   <li>{@code POST /api/v1/catalog/products/import} and {@code /api/v1/catalog/planogram/import}:
 *       a CSV or XLSX body ({@link Uploads#table}), stored whole or not at all; a bad file is 400
 *       with one line per problem in {@code errors}.</li>
 * </ul>
 * After each change the hub is told on {@link KioskCatalog#CHANGED_ADDRESS} (it reloads the
 * kiosks' snapshot and republishes the shelf configs).
 */
public final class CatalogEditRoutes implements ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(CatalogEditRoutes.class);

    private final Catalog catalog;
    private final MediaStore media;
    private final Supplier<Long> clock;

    public CatalogEditRoutes(Catalog catalog, MediaStore media, Supplier<Long> clock) {
        this.catalog = catalog;
        this.media = media;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/catalog/products").handler(ctx -> Replies.blocking(ctx, 200, this::productRows));
        router.post("/api/v1/catalog/products/import").handler(this::importProducts);
        router.post("/api/v1/catalog/planogram/import").handler(this::importPlanogram);
        router.post("/api/v1/catalog/products").handler(ctx -> saveProduct(ctx, null));
        router.put("/api/v1/catalog/products/:sku").handler(ctx -> saveProduct(ctx, ctx.pathParam("sku")));
        router.post("/api/v1/catalog/products/:sku/image").handler(this::image);
        router.get("/api/v1/catalog/shelves").handler(ctx -> Replies.blocking(ctx, 200, this::shelves));
        router.put("/api/v1/catalog/shelves/:shelf").handler(this::saveShelf);
        router.get("/api/v1/media/:name").handler(ctx -> {
            MediaStore.Stored f = media.find(ctx.pathParam("name"))
                    .orElseThrow(() -> ApiError.notFound("no media file " + ctx.pathParam("name")));
            ctx.response().putHeader("content-type", f.contentType())
                    .putHeader("cache-control", "public, max-age=31536000, immutable")
                    .sendFile(f.path().toString());
        });
    }

    private JsonArray productRows() throws Exception {
        JsonArray out = new JsonArray();
        List<List<Object>> rows = ProductTable.toRows(catalog.products());
        for (List<Object> r : rows.subList(1, rows.size())) {
            JsonObject o = new JsonObject();
            for (int i = 0; i < ProductTable.COLUMNS.size(); i++) {
                Object v = r.get(i);
                o.put(ProductTable.COLUMNS.get(i), v == null ? "" : v instanceof java.math.BigDecimal d
                        ? d.toPlainString() : String.valueOf(v));
            }
            out.add(o);
        }
        return out;
    }

    /** {@code pathSku} null: a new product; otherwise a change of that existing product. */
    private void saveProduct(RoutingContext ctx, String pathSku) {
        JsonObject b = Replies.body(ctx);
        List<String> row = new ArrayList<>();
        for (String c : ProductTable.COLUMNS) {
            Object v = b.getValue(c);
            row.add(v == null ? "" : String.valueOf(v));
        }
        if (pathSku != null && !pathSku.equals(b.getValue("sku"))) {
            throw ApiError.badRequest("sku: the body's sku must be the one in the path (" + pathSku + ")");
        }
        ProductTable.Parsed<Product> parsed = ProductTable.parseProducts(List.of(ProductTable.COLUMNS, row));
        if (!parsed.ok()) {
            rowErrors(ctx, parsed.errors().stream().map(e -> e.replaceFirst("^row 2, ", "")).toList());
            return;
        }
        Product p = parsed.items().getFirst();
        Replies.blocking(ctx, pathSku == null ? 201 : 200, () -> {
            boolean exists = catalog.product(p.sku()).isPresent();
            if (pathSku == null && exists) {
                throw new ApiError(409, "exists", "a product " + p.sku() + " exists already; edit it instead");
            }
            if (pathSku != null && !exists) {
                throw ApiError.notFound("no product " + pathSku);
            }
            catalog.saveProducts(List.of(p), clock.get());
            log.info("product {} {} by {}", p.sku(), pathSku == null ? "added" : "changed", Replies.who(ctx));
            changed(ctx);
            return new JsonObject().put("sku", p.sku()).put("saved", true);
        });
    }

    private void image(RoutingContext ctx) {
        String sku = ctx.pathParam("sku");
        Uploads.Image img = Uploads.image(ctx);
        Replies.blocking(ctx, 200, () -> {
            Product p = catalog.product(sku).orElseThrow(() -> ApiError.notFound("no product " + sku));
            String url = media.save(p.sku(), img.extension(), img.bytes());
            catalog.saveProducts(List.of(withImage(p, url)), clock.get());
            log.info("image of {} set to {} by {}", sku, url, Replies.who(ctx));
            changed(ctx);
            return new JsonObject().put("sku", sku).put("image_url", url);
        });
    }

    private JsonArray shelves() throws Exception {
        JsonArray out = new JsonArray();
        for (Shelf s : catalog.shelves()) {
            JsonArray lanes = new JsonArray();
            s.lanes().forEach(l -> lanes.add(new JsonObject().put("lane", l.lane()).put("sku", l.sku())
                    .put("unit_grams", l.unitGrams()).put("capacity", l.capacity())));
            out.add(new JsonObject().put("shelf", s.id()).put("name", s.name())
                    .put("config_version", s.configVersion()).put("lanes", lanes));
        }
        return out;
    }

    private void saveShelf(RoutingContext ctx) {
        JsonObject b = Replies.body(ctx);
        String id = ctx.pathParam("shelf");
        Replies.blocking(ctx, 200, () -> {
            Set<String> skus = new HashSet<>();
            catalog.products().forEach(p -> skus.add(p.sku()));
            List<Shelf.Lane> lanes = new ArrayList<>();
            JsonArray arr = b.getValue("lanes") instanceof JsonArray a ? a : new JsonArray();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                try {
                    JsonObject l = arr.getJsonObject(i);
                    String sku = l.getValue("sku") instanceof String s && !s.isBlank() ? s : null;
                    if (sku != null && !skus.contains(sku)) {
                        throw new IllegalArgumentException("no product " + sku + " in the catalog");
                    }
                    lanes.add(new Shelf.Lane(l.getString("lane"), sku, l.getValue("unit_grams") instanceof Number n
                            ? n.doubleValue() : 0, capacity(l.getValue("capacity"))));
                } catch (IllegalArgumentException | ClassCastException e) {
                    errors.add("lane " + (i + 1) + ": " + e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                throw ApiError.badRequest(String.join("; ", errors));
            }
            String name = b.getValue("name") instanceof String n && !n.isBlank() ? n : id;
            Shelf saved = catalog.savePlanogram(id, name, lanes);
            log.info("planogram of shelf {} saved (version {}) by {}", id, saved.configVersion(), Replies.who(ctx));
            changed(ctx);
            return new JsonObject().put("shelf", saved.id()).put("config_version", saved.configVersion());
        });
    }

    /** A lane's capacity from JSON: null when not given; a whole number, else the reason in words. */
    static Integer capacity(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new IllegalArgumentException("capacity must be a whole number of items (or null when not known), was: "
                + (v instanceof String t ? '"' + (t.length() > 20 ? t.substring(0, 20) + "…" : t) + '"' : v));
    }

    private void importProducts(RoutingContext ctx) {
        Uploads.table(ctx).onFailure(ctx::fail).onSuccess(rows -> ctx.vertx()
                .executeBlocking(() -> catalog.importProducts(rows, clock.get()), false).onFailure(ctx::fail)
                .onSuccess(errors -> imported(ctx, rows, errors, "products")));
    }

    private void importPlanogram(RoutingContext ctx) {
        Uploads.table(ctx).onFailure(ctx::fail).onSuccess(rows -> ctx.vertx()
                .executeBlocking(() -> catalog.importPlanogram(rows), false).onFailure(ctx::fail)
                .onSuccess(errors -> imported(ctx, rows, errors, "planogram rows")));
    }

    private void imported(RoutingContext ctx, List<List<String>> rows, List<String> errors, String what) {
        if (!errors.isEmpty()) {
            rowErrors(ctx, errors);
            return;
        }
        log.info("{} {} imported by {}", rows.size() - 1, what, Replies.who(ctx));
        changed(ctx);
        Replies.json(ctx, 200, new JsonObject().put("imported", rows.size() - 1));
    }

    private static void rowErrors(RoutingContext ctx, List<String> errors) {
        Replies.json(ctx, 400, new JsonObject().put("error", "bad_rows")
                .put("reason", errors.size() + (errors.size() == 1 ? " problem" : " problems")
                        + "; nothing was stored").put("errors", new JsonArray(errors)));
    }

    private static void changed(RoutingContext ctx) {
        ctx.vertx().eventBus().send(KioskCatalog.CHANGED_ADDRESS, null);
    }

    static Product withImage(Product p, String url) {
        return new Product(p.sku(), p.nameZh(), p.nameEn(), p.priceYuan(), p.unit(), p.spec(), p.introZh(),
                p.introEn(), p.storyZh(), p.storyEn(), p.origin(), p.producer(), p.season(), p.outputScale(),
                p.annualOutput(), p.marketPrice(), p.certification(), p.trace(), p.color(), url, p.videoUrl());
    }
}
