package org.ssk.hub.catalog;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.sheets.Sheets;

/**
 * Catalog files: {@code GET /api/v1/products/{sku}/image} (placeholder SVG from the last catalog
 * snapshot, no blocking), and exports {@code GET /api/v1/catalog/products.csv|products.xlsx|
 * planogram.csv|planogram.xlsx} (columns of {@link ProductTable}). Imports are methods of
 * {@link Catalog} ({@code importProducts}, {@code importPlanogram}) for an authenticated route.
 */
public final class CatalogRoutes implements ApiRoutes {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Catalog catalog;
    private final Supplier<Map<String, String>> images;

    public CatalogRoutes(Catalog catalog, Supplier<Map<String, String>> images) {
        this.catalog = catalog;
        this.images = images;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/products/:sku/image").handler(ctx -> {
            String svg = images.get().get(ctx.pathParam("sku"));
            if (svg == null) {
                ctx.fail(ApiError.notFound("no such product: " + ctx.pathParam("sku")));
                return;
            }
            ctx.response().putHeader("content-type", "image/svg+xml").putHeader("cache-control", "max-age=3600")
                    .end(svg);
        });
        router.get("/api/v1/catalog/products.csv").handler(ctx -> file(ctx, "products.csv", "text/csv; charset=utf-8",
                () -> Sheets.toCsv(ProductTable.toRows(catalog.products()))));
        router.get("/api/v1/catalog/products.xlsx").handler(ctx -> file(ctx, "products.xlsx", XLSX,
                () -> Sheets.toXlsx("products", ProductTable.toRows(catalog.products()))));
        router.get("/api/v1/catalog/planogram.csv").handler(ctx -> file(ctx, "planogram.csv",
                "text/csv; charset=utf-8", () -> Sheets.toCsv(ProductTable.planogramRows(catalog.shelves()))));
        router.get("/api/v1/catalog/planogram.xlsx").handler(ctx -> file(ctx, "planogram.xlsx", XLSX,
                () -> Sheets.toXlsx("planogram", ProductTable.planogramRows(catalog.shelves()))));
    }

    private static void file(RoutingContext ctx, String name, String type, Callable<byte[]> make) {
        ctx.vertx().executeBlocking(make, false).onFailure(ctx::fail).onSuccess(bytes -> ctx.response()
                .putHeader("content-type", type)
                .putHeader("content-disposition", "attachment; filename=\"" + name + "\"")
                .end(Buffer.buffer(bytes)));
    }
}
