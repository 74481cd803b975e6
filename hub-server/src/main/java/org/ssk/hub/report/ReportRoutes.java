package org.ssk.hub.report;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.ssk.sheets.Sheets;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;

/**
 * The report endpoints (see {@code docs/kiosk-protocol.md} for the conventions):
 * <ul>
 *   <li>{@code GET /api/v1/reports/{dimension}?from=YYYY-MM-DD&to=YYYY-MM-DD} (dimension: shelf,
 *       product, county, producer, day, week, month, certification) → {@code {"dimension","from","to",
 *       "rows":[row…],"total":row}}, row = {@code {"key","label","units","amount_yuan","pickups",
 *       "shelf_units","conversion","households"}};</li>
 *   <li>{@code GET /api/v1/reports/upward.csv|upward.xlsx?from=&to=} → the upward report file;</li>
 *   <li>{@code GET /api/v1/reports/departures?from=&to=&window_s=600} → {@code [{"sku","departed","sold",
 *       "matched","unsold","unpicked"}]}: picks not put back within the window, matched with sales.</li>
 * </ul>
 * {@code from}/{@code to} default to the current month. Work runs in {@code executeBlocking}.
 */
public final class ReportRoutes implements ApiRoutes {
    private final Reports reports;
    private final java.time.ZoneId zone;

    public ReportRoutes(Reports reports, java.time.ZoneId zone) {
        this.reports = reports;
        this.zone = zone;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/reports/upward.csv").handler(ctx -> file(ctx, "text/csv; charset=utf-8", "csv",
                () -> Sheets.toCsv(Reports.upwardRows(reports.upward(from(ctx), to(ctx))))));
        router.get("/api/v1/reports/upward.xlsx").handler(ctx -> file(ctx,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                () -> Sheets.toXlsx("upward", Reports.upwardRows(reports.upward(from(ctx), to(ctx))))));
        router.get("/api/v1/reports/departures").handler(this::departures);
        router.get("/api/v1/reports/:dimension").handler(this::report);
    }

    private void report(RoutingContext ctx) {
        Reports.Dimension dim;
        LocalDate from;
        LocalDate to;
        try {
            dim = Reports.Dimension.parse(ctx.pathParam("dimension"));
            from = from(ctx);
            to = to(ctx);
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiError.badRequest(e.getMessage()));
            return;
        }
        blocking(ctx, () -> reports.report(dim, from, to)).onSuccess(r -> {
            JsonArray rows = new JsonArray();
            r.rows().forEach(x -> rows.add(json(x)));
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .end(new JsonObject().put("dimension", dim.name().toLowerCase(java.util.Locale.ROOT))
                            .put("from", r.from().toString()).put("to", r.to().toString()).put("rows", rows)
                            .put("total", json(r.total())).encode());
        });
    }

    private void departures(RoutingContext ctx) {
        LocalDate from;
        LocalDate to;
        long window;
        try {
            from = from(ctx);
            to = to(ctx);
            String w = ctx.queryParams().get("window_s");
            window = w == null ? Reports.DEFAULT_RETURN_WINDOW_MS : Long.parseLong(w) * 1000;
            if (window < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            ctx.fail(ApiError.badRequest("window_s: the return window in whole seconds, >= 0"));
            return;
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiError.badRequest(e.getMessage()));
            return;
        }
        blocking(ctx, () -> reports.departures(from, to, window, System.currentTimeMillis())).onSuccess(list -> {
            JsonArray rows = new JsonArray();
            list.forEach(m -> rows.add(new JsonObject().put("sku", m.sku()).put("departed", m.departed())
                    .put("sold", m.sold()).put("matched", m.matched()).put("unsold", m.unsold())
                    .put("unpicked", m.unpicked())));
            ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(rows.encode());
        });
    }

    private static JsonObject json(Reports.Row r) {
        return new JsonObject().put("key", r.key()).put("label", r.label()).put("units", r.units())
                .put("amount_yuan", r.amountYuan()).put("pickups", r.pickups()).put("shelf_units", r.shelfUnits())
                .put("conversion", r.conversion()).put("households", r.households());
    }

    private void file(RoutingContext ctx, String type, String ext, Callable<byte[]> make) {
        try {
            from(ctx);
            to(ctx);
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiError.badRequest(e.getMessage()));
            return;
        }
        blocking(ctx, make).onSuccess(bytes -> ctx.response().putHeader("content-type", type)
                .putHeader("content-disposition", "attachment; filename=\"upward-report." + ext + "\"")
                .end(Buffer.buffer(bytes)));
    }

    private static <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return ctx.vertx().<T>executeBlocking(work, false).onFailure(e -> ctx.fail(
                e instanceof IllegalArgumentException ? ApiError.badRequest(e.getMessage()) : e));
    }

    private LocalDate from(RoutingContext ctx) {
        return date(ctx, "from", LocalDate.now(zone).withDayOfMonth(1));
    }

    private LocalDate to(RoutingContext ctx) {
        return date(ctx, "to", LocalDate.now(zone));
    }

    private static LocalDate date(RoutingContext ctx, String name, LocalDate fallback) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": expected a date YYYY-MM-DD, was " + v);
        }
    }
}
