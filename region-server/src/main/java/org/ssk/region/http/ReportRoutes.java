package org.ssk.region.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import org.ssk.protocol.region.CenterId;
import org.ssk.region.store.DailyReport;
import org.ssk.region.store.RegionStore;

/**
 * The region's report across centers, mounted by {@link RegionRouter}:
 * {@code GET /api/v1/reports/daily?from=&to=[&center=]} (UTC days, both included; at most 366),
 * region admin token as Bearer: {@code {"rows":[{"center","day","src","kind","sku","entries","qty",
 * "amount_fen"}],"truncated"}} from the daily aggregates, ordered by center, day, source, kind and
 * SKU, at most {@link DailyReport#MAX_ROWS} rows. Storage runs on worker threads.
 */
final class ReportRoutes {
    static final int MAX_DAYS = 366;

    private ReportRoutes() {
    }

    static void mount(Router router, Vertx vertx, RegionStore store, String adminToken) {
        DailyReport report = store.dailyReport();
        router.get("/api/v1/reports/daily").handler(ctx -> {
            if (CertifiedRoutes.admin(ctx, adminToken)) {
                daily(vertx, report, ctx);
            }
        });
    }

    private static void daily(Vertx vertx, DailyReport report, RoutingContext ctx) {
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(ctx.queryParams().get("from"));
            to = LocalDate.parse(ctx.queryParams().get("to"));
        } catch (RuntimeException e) {
            RegionRouter.error(ctx, 400, "bad_period", "from and to: YYYY-MM-DD (UTC days, inclusive)");
            return;
        }
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
            RegionRouter.error(ctx, 400, "bad_period", "to on or after from, at most " + MAX_DAYS + " days");
            return;
        }
        String center = ctx.queryParams().get("center");
        if (center != null && !CenterId.valid(center)) {
            RegionRouter.error(ctx, 400, "bad_center", "center: " + CenterId.RULE);
            return;
        }
        LocalDate first = from;
        LocalDate last = to;
        vertx.executeBlocking(() -> report.rows(first, last, center), false).onSuccess(page -> {
            JsonArray rows = new JsonArray();
            for (DailyReport.Row r : page.rows()) {
                rows.add(new JsonObject().put("center", r.center()).put("day", r.day().toString()).put("src", r.src())
                        .put("kind", r.kind()).put("sku", r.sku()).put("entries", r.entries()).put("qty", r.qty())
                        .put("amount_fen", r.amountFen()));
            }
            ctx.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("rows", rows).put("truncated", page.truncated()).encode());
        }).onFailure(e -> RegionRouter.failed(ctx, e));
    }
}
