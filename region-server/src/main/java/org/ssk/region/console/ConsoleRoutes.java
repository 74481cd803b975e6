package org.ssk.region.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.ssk.protocol.region.CenterId;
import org.ssk.region.http.RegionRouter;
import org.ssk.region.ingest.EntryFacts;
import org.ssk.region.store.ConsoleStore;
import org.ssk.sheets.Sheets;

/**
 * The region console's reads, for region-viewers and region-admins ({@link ConsoleAuth}):
 * <ul>
 *   <li>{@code GET /api/v1/console/zone}: {@code {"zone","today"}}, the region's zone (whose days
 *       every report counts) and today there;</li>
 *   <li>{@code GET /api/v1/console/centers}: every center with its last upload, stored entries,
 *       the head it last reported, lag in entries and seconds, offline shelves, open alerts;</li>
 *   <li>{@code GET /api/v1/console/reports/{dimension}?from=&to=} (days of the region's zone,
 *       inclusive; weeks are ISO weeks from Monday, as China counts them; dimension
 *       as {@link RegionReports.Dimension}): {@code {"rows":[{"key","label","units","amount_fen",
 *       "households"}],"total":{…}}};</li>
 *   <li>{@code GET /api/v1/console/upward.csv|xlsx?from=&to=} (the same days): the region's upward report
 *       ({@link RegionReports#upwardRows}; text cells formula-neutralised by {@link Sheets});</li>
 *   <li>{@code GET /api/v1/console/centers/{center}/entries?before=SEQ&limit=N}: the center's
 *       stored entries below {@code SEQ} (default: all), newest first, at most N (default 50,
 *       most 500), with {@code next_before} for the next page and {@code total}.</li>
 * </ul>
 * Without {@code from} and {@code to}: the last 30 days up to today in the zone of {@code clock}
 * (the region's). Reads run on worker threads.
 */
public final class ConsoleRoutes {
    static final int MAX_PAGE = 500;
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final ConsoleStore store;
    private final Clock clock;

    public ConsoleRoutes(ConsoleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void mount(Router router, ConsoleAuth auth) {
        router.route("/api/v1/console/*").handler(auth.need(null));
        router.get("/api/v1/console/zone").handler(ctx -> ctx.json(new JsonObject().put("zone", clock.getZone().getId())
                .put("today", LocalDate.now(clock).toString())));
        router.get("/api/v1/console/centers").handler(ctx -> Blocking.json(ctx, 200, this::centers));
        router.get("/api/v1/console/reports/:dimension").handler(this::report);
        router.get("/api/v1/console/upward.csv").handler(ctx -> upward(ctx, false));
        router.get("/api/v1/console/upward.xlsx").handler(ctx -> upward(ctx, true));
        router.get("/api/v1/console/centers/:center/entries").handler(this::entries);
    }

    private JsonArray centers() throws Exception {
        long now = clock.millis();
        JsonArray out = new JsonArray();
        for (ConsoleStore.CenterRow c : store.centers()) {
            out.add(new JsonObject().put("center", c.center()).put("name", c.name())
                    .put("stored_through", c.storedThrough()).put("last_upload_ms", c.lastUploadMs())
                    .put("head_seq", c.headSeq()).put("lag_entries", c.lagEntries())
                    .put("lag_seconds", c.lagSeconds(now)).put("offline_shelves", c.offlineShelves())
                    .put("open_alerts", c.openAlerts()).put("status_ms", c.statusMs())
                    .put("region_alerts", c.regionAlerts()));
        }
        return out;
    }

    private void report(RoutingContext ctx) {
        RegionReports.Dimension dim;
        LocalDate[] period;
        try {
            dim = RegionReports.Dimension.parse(ctx.pathParam("dimension"));
            period = period(ctx);
        } catch (IllegalArgumentException e) {
            RegionRouter.error(ctx, 400, "bad_request", e.getMessage());
            return;
        }
        Blocking.json(ctx, 200, () -> {
            List<ConsoleStore.SaleDay> sales = store.salesByDay(period[0], period[1].plusDays(1));
            JsonArray rows = new JsonArray();
            long units = 0;
            long amount = 0;
            for (RegionReports.Row r : RegionReports.group(sales, dim)) {
                rows.add(row(r.key(), r.label(), r.units(), r.amountFen(), r.households()));
                units += r.units();
                amount += r.amountFen();
            }
            return new JsonObject().put("dimension", dim.name().toLowerCase(java.util.Locale.ROOT))
                    .put("from", period[0].toString()).put("to", period[1].toString()).put("rows", rows)
                    .put("total", row("total", "合计 total", units, amount, RegionReports.households(sales)));
        });
    }

    private static JsonObject row(String key, String label, long units, long amountFen, long households) {
        return new JsonObject().put("key", key).put("label", label).put("units", units).put("amount_fen", amountFen)
                .put("households", households);
    }

    private void upward(RoutingContext ctx, boolean xlsx) {
        LocalDate[] period;
        try {
            period = period(ctx);
        } catch (IllegalArgumentException e) {
            RegionRouter.error(ctx, 400, "bad_request", e.getMessage());
            return;
        }
        ctx.vertx().executeBlocking(() -> {
            List<List<Object>> rows = RegionReports.upwardRows(store.salesByDay(period[0], period[1].plusDays(1)));
            return xlsx ? Sheets.toXlsx("upward", rows) : Sheets.toCsv(rows);
        }, false).onFailure(e -> RegionRouter.failed(ctx, e)).onSuccess(bytes -> {
            String name = "region-upward-" + period[0] + "-" + period[1] + (xlsx ? ".xlsx" : ".csv");
            ctx.response().putHeader("content-type", xlsx ? XLSX : "text/csv; charset=utf-8")
                    .putHeader("content-disposition", "attachment; filename=\"" + name + "\"")
                    .end(io.vertx.core.buffer.Buffer.buffer(bytes));
        });
    }

    private void entries(RoutingContext ctx) {
        String center = ctx.pathParam("center");
        long before;
        int limit;
        try {
            String b = ctx.queryParams().get("before");
            String l = ctx.queryParams().get("limit");
            before = b == null ? Long.MAX_VALUE : Long.parseLong(b);
            limit = l == null ? 50 : Integer.parseInt(l);
        } catch (NumberFormatException e) {
            before = -1;
            limit = -1;
        }
        if (!CenterId.valid(center) || before < 1 || limit < 1 || limit > MAX_PAGE) {
            RegionRouter.error(ctx, 400, "bad_page", "center: " + CenterId.RULE + "; before: a sequence number >= 1;"
                    + " limit: 1-" + MAX_PAGE);
            return;
        }
        long below = before;
        int most = limit;
        Blocking.json(ctx, 200, () -> {
            long through = store.storedThrough(center);
            if (through < 0) {
                return null;
            }
            JsonArray out = new JsonArray();
            List<ConsoleStore.EntryRow> page = store.entriesDownFrom(center, Math.min(below - 1, through), most);
            for (ConsoleStore.EntryRow e : page) {
                EntryFacts f = EntryFacts.of(e.entry());
                out.add(new JsonObject().put("seq", e.seq()).put("t_ms", e.tMs()).put("src", f.src())
                        .put("kind", f.kind()).put("sku", f.sku()).put("qty", f.qty()).put("amount_fen", f.amountFen())
                        .put("entry", e.entry()).put("hash", e.hash()));
            }
            Long next = page.size() == most && page.get(page.size() - 1).seq() > 1 ? page.get(page.size() - 1).seq()
                    : null;
            return new JsonObject().put("center", center).put("total", through).put("entries", out)
                    .put("next_before", next);
        });
    }

    /** {@code from} and {@code to} (inclusive days of the region's zone; default: the last 30 days up to today). */
    private LocalDate[] period(RoutingContext ctx) {
        LocalDate today = LocalDate.now(clock);
        try {
            String f = ctx.queryParams().get("from");
            String t = ctx.queryParams().get("to");
            LocalDate to = t == null || t.isEmpty() ? today : LocalDate.parse(t);
            LocalDate from = f == null || f.isEmpty() ? to.minusDays(29) : LocalDate.parse(f);
            if (from.isAfter(to) || from.plusYears(5).isBefore(to)) {
                throw new IllegalArgumentException("from must not be after to, nor 5 years before it");
            }
            return new LocalDate[] {from, to};
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("from and to: YYYY-MM-DD (days of the region's zone, inclusive)");
        }
    }
}
