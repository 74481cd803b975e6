package org.ssk.hub.ledger;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.sheets.Sheets;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.Replies;
import org.ssk.hub.http.Uploads;

/**
 * The ledger for operators (see {@link org.ssk.hub.http.Access}):
 * <ul>
 *   <li>{@code GET /api/v1/ledger/entries?from=&to=&kind=&shelf=&sku=&limit=&offset=} →
 *       {@code {"total","entries":[{"source","kind","ref","shelf","lane","sku","t_ms","qty",
 *       "amount_yuan","counted","refers_to","note","by_user","unseen"}]}}, newest first ({@code unseen}:
 *       true or false for shelf events counted with or without a hand seen, else null). {@code from} and
 *       {@code to} are days {@code YYYY-MM-DD} in the center's zone (both included) or epoch ms
 *       ({@code to} excluded); {@code limit} 1-1000, default 100; {@code lifts=false} leaves out
 *       the provisional lifts (quantity 0) unless {@code kind} asks for them;</li>
 *   <li>{@code GET /api/v1/ledger/entries.csv} with the same filters: every matching entry
 *       (at most {@value #CSV_MAX}) as CSV;</li>
 *   <li>{@code POST /api/v1/sales/import}: a CSV or XLSX body of confirmed sales
 *       ({@link SalesImport}); 400 with {@code errors} when any row is wrong (nothing stored).</li>
 * </ul>
 */
public final class LedgerEntriesRoutes implements ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(LedgerEntriesRoutes.class);
    static final int CSV_MAX = 100_000;
    private static final List<String> CSV_COLUMNS = List.of("time", "source", "kind", "ref", "shelf", "lane", "sku",
            "qty", "amount_yuan", "counted", "refers_to", "note", "by_user", "unseen");

    private final LedgerEntries entries;
    private final SalesImport sales;
    private final ZoneId zone;

    public LedgerEntriesRoutes(LedgerEntries entries, SalesImport sales, ZoneId zone) {
        this.entries = entries;
        this.sales = sales;
        this.zone = zone;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/ledger/entries").handler(ctx -> {
            LedgerEntries.Query q = query(ctx.queryParams(), false);
            Replies.blocking(ctx, 200, () -> {
                LedgerEntries.Page page = entries.list(q);
                JsonArray out = new JsonArray();
                page.entries().forEach(e -> out.add(json(e)));
                return new JsonObject().put("total", page.total()).put("limit", q.limit()).put("offset", q.offset())
                        .put("entries", out);
            });
        });
        router.get("/api/v1/ledger/entries.csv").handler(this::csv);
        router.post("/api/v1/sales/import").handler(this::importSales);
    }

    private void csv(RoutingContext ctx) {
        LedgerEntries.Query first = query(ctx.queryParams(), true);
        ctx.vertx().executeBlocking(() -> {
            List<List<?>> rows = new ArrayList<>();
            rows.add(CSV_COLUMNS);
            for (int offset = 0; offset < CSV_MAX; offset += LedgerEntries.MAX_LIMIT) {
                LedgerEntries.Page page = entries.list(new LedgerEntries.Query(first.fromMs(), first.toMs(),
                        first.kind(), first.shelf(), first.sku(), LedgerEntries.MAX_LIMIT, offset, first.lifts()));
                for (LedgerEntries.Entry e : page.entries()) {
                    rows.add(Arrays.asList(java.time.Instant.ofEpochMilli(e.tMs()).atZone(zone).toLocalDateTime()
                                    .toString(), e.source(), e.kind(), e.ref(), e.shelf(), e.lane(), e.sku(), e.qty(),
                            e.amountFen() == null ? null : BigDecimal.valueOf(e.amountFen(), 2), e.counted(),
                            e.refersTo(), e.note(), e.byUser(), e.unseen()));
                }
                if (page.entries().size() < LedgerEntries.MAX_LIMIT) {
                    break;
                }
            }
            return Sheets.toCsv(rows);
        }, false).onFailure(ctx::fail).onSuccess(bytes -> ctx.response()
                .putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"ledger.csv\"")
                .end(Buffer.buffer(bytes)));
    }

    private void importSales(RoutingContext ctx) {
        Uploads.table(ctx).onFailure(ctx::fail).onSuccess(rows -> importSales(ctx, rows));
    }

    private void importSales(RoutingContext ctx, List<List<String>> rows) {
        ctx.vertx().executeBlocking(() -> sales.importRows(rows), false).onFailure(e -> ctx.fail(
                e instanceof IllegalArgumentException && !(e instanceof ApiError) ? ApiError.badRequest(e.getMessage())
                        : e)).onSuccess(r -> {
            if (!r.ok()) {
                Replies.json(ctx, 400, new JsonObject().put("error", "bad_rows")
                        .put("reason", r.errors().size() + " problems; nothing was stored")
                        .put("errors", new JsonArray(r.errors())));
                return;
            }
            log.info("sales import by {}: {} orders recorded, {} already stored", Replies.who(ctx), r.recorded(),
                    r.alreadyStored());
            Replies.json(ctx, 200, new JsonObject().put("recorded", r.recorded())
                    .put("already_stored", r.alreadyStored()));
        });
    }

    private LedgerEntries.Query query(MultiMap p, boolean all) {
        long from = time(p.get("from"), "from", false, 0);
        long to = time(p.get("to"), "to", true, Long.MAX_VALUE);
        int limit = all ? LedgerEntries.MAX_LIMIT : whole(p.get("limit"), "limit", 100);
        int offset = all ? 0 : whole(p.get("offset"), "offset", 0);
        try {
            return new LedgerEntries.Query(from, to, blankToNull(p.get("kind")), blankToNull(p.get("shelf")),
                    blankToNull(p.get("sku")), limit, offset, !"false".equals(p.get("lifts")));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private long time(String v, String name, boolean end, long none) {
        if (v == null || v.isBlank()) {
            return none;
        }
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 15) {
            return Long.parseLong(v);
        }
        try {
            LocalDate d = LocalDate.parse(v);
            return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + ": a day YYYY-MM-DD or epoch ms, was: "
                    + (v.length() > 40 ? v.substring(0, 40) + "…" : v));
        }
    }

    private static int whole(String v, String name, int none) {
        if (v == null || v.isBlank()) {
            return none;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": a whole number, was: " + (v.length() > 20 ? v.substring(0, 20) : v));
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static JsonObject json(LedgerEntries.Entry e) {
        return new JsonObject().put("source", e.source()).put("kind", e.kind()).put("ref", e.ref())
                .put("shelf", e.shelf()).put("lane", e.lane()).put("sku", e.sku()).put("t_ms", e.tMs())
                .put("qty", e.qty())
                .put("amount_yuan", e.amountFen() == null ? null : BigDecimal.valueOf(e.amountFen(), 2).doubleValue())
                .put("counted", e.counted()).put("refers_to", e.refersTo()).put("note", e.note())
                .put("by_user", e.byUser()).put("unseen", e.unseen());
    }
}
