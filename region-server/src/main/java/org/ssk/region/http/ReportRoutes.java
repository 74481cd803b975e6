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
 * {@code GET /api/v1/reports/daily?from=&to=[&center=]} (days of the region's zone, {@code SSK_REGION_TIME_ZONE},
 * both included; at most 366),
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

    /** A report's period: days of the region's zone, both included, {@code to} not before {@code from}. */
    record Period(LocalDate from, LocalDate to) {
    }

    /** The request's {@code from} and {@code to}; null when they are not a period (the 400 is sent). */
    static Period period(RoutingContext ctx) {
        try {
            LocalDate from = LocalDate.parse(ctx.queryParams().get("from"));
            LocalDate to = LocalDate.parse(ctx.queryParams().get("to"));
            if (!to.isBefore(from)) {
                return new Period(from, to);
            }
        } catch (RuntimeException notADay) {
            // answered below
        }
        RegionRouter.error(ctx, 400, "bad_period", "from and to: YYYY-MM-DD (days of the region's zone, inclusive), to not before from");
        return null;
    }

    private static void daily(Vertx vertx, DailyReport report, RoutingContext ctx) {
        Period period = period(ctx);
        if (period == null) {
            return;
        }
        if (period.from().plusDays(MAX_DAYS).isBefore(period.to().plusDays(1))) {
            RegionRouter.error(ctx, 400, "bad_period", "at most " + MAX_DAYS + " days");
            return;
        }
        String center = ctx.queryParams().get("center");
        if (center != null && !CenterId.valid(center)) {
            RegionRouter.error(ctx, 400, "bad_center", "center: " + CenterId.RULE);
            return;
        }
        vertx.executeBlocking(() -> report.rows(period.from(), period.to(), center), false).onSuccess(page -> {
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
