package org.ssk.region.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.ssk.protocol.region.CertifiedList;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.region.certified.CertificateTable;
import org.ssk.region.console.ConsoleAuth;
import org.ssk.region.console.RegionRole;
import org.ssk.region.store.CertifiedStore;
import org.ssk.region.store.RegionStore;
import org.ssk.sheets.Sheets;
import org.ssk.sheets.ZipLimits;

/**
 * The certified-product list's routes (docs/region.md "Downward"), mounted by {@link RegionRouter}:
 * <ul>
 *   <li>{@code GET /api/v1/certified}, a center's upload secret as Bearer: the list
 *       ({@code RegionCodec}) with {@code ETag} = its version; 304 when {@code If-None-Match} names it.</li>
 *   <li>{@code POST /api/v1/certified/import[?replace=true]}, the region admin token as Bearer (scripts)
 *       or a region-admin's console session (cookie and CSRF token): a
 *       CSV ({@code text/csv}) or XLSX body, at most {@link #MAX_IMPORT_BYTES}; every row checked,
 *       400 with each bad row's reason and nothing stored, else applied in one transaction.</li>
 *   <li>{@code GET /api/v1/reports/expired-cert-sales?from=&to=} (days of the region's zone, inclusive: from
 *       {@code from}'s midnight there to the one after {@code to}, by each line's {@code t_ms}), admin
 *       token or region-admin session: the sale lines centers flagged as sold on an expired certificate.</li>
 * </ul>
 * Parsing and storage run on worker threads, never the event loop.
 */
final class CertifiedRoutes {
    /** Largest import body: 20,000 certificates of a few hundred bytes, with room. */
    static final long MAX_IMPORT_BYTES = 8L * 1024 * 1024;
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private CertifiedRoutes() {
    }

    static void mount(Router router, Vertx vertx, RegionStore store, Clock clock, String adminToken,
                      ConsoleAuth console) {
        CertifiedStore certified = store.certified();
        Handler<RoutingContext> sessionAdmin = console.need(RegionRole.REGION_ADMIN);
        router.get("/api/v1/certified").handler(ctx -> fetch(vertx, store, certified, ctx));
        router.post("/api/v1/certified/import").handler(ctx -> {
            if (ConsoleAuth.viaCookie(ctx)) {
                // The console's region-admin (cookie session and CSRF token); the body waits meanwhile.
                ctx.request().pause();
                sessionAdmin.handle(ctx);
            } else if (admin(ctx, adminToken)) {
                ctx.next();
            }
        });
        router.post("/api/v1/certified/import").handler(BodyHandler.create(false).setBodyLimit(MAX_IMPORT_BYTES));
        router.post("/api/v1/certified/import").handler(ctx -> importList(vertx, certified, clock, ctx));
        router.get("/api/v1/reports/expired-cert-sales").handler(ctx -> {
            if (ConsoleAuth.viaCookie(ctx)) {
                sessionAdmin.handle(ctx);
            } else if (admin(ctx, adminToken)) {
                ctx.next();
            }
        });
        router.get("/api/v1/reports/expired-cert-sales")
                .handler(ctx -> expiredCertSales(vertx, certified, store.zone(), ctx));
    }

    private static void fetch(Vertx vertx, RegionStore store, CertifiedStore certified, RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() > 256) {
            RegionRouter.error(ctx, 401, "unauthenticated", "Authorization: Bearer <the center's upload secret>");
            return;
        }
        String secret = auth.substring(7).trim();
        String ifNoneMatch = ctx.request().getHeader("If-None-Match");
        vertx.executeBlocking(() -> {
            if (store.centerBySecret(secret).isEmpty()) {
                return null;
            }
            long version = certified.version();
            if (matches(ifNoneMatch, version)) {
                return new CertifiedList(version, List.of());
            }
            return certified.list();
        }, false).onSuccess(list -> {
            if (list == null) {
                RegionRouter.error(ctx, 401, "unauthenticated", "unknown upload secret");
                return;
            }
            ctx.response().putHeader("ETag", CertifiedList.etag(list.version())).putHeader("Cache-Control", "no-cache");
            if (matches(ifNoneMatch, list.version())) {
                ctx.response().setStatusCode(304).end();
                return;
            }
            ctx.response().putHeader("content-type", "application/json").end(RegionCodec.encode(list));
        }).onFailure(e -> RegionRouter.failed(ctx, e));
    }

    private static void importList(Vertx vertx, CertifiedStore certified, Clock clock, RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        type = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        boolean replace = "true".equals(ctx.queryParams().get("replace"));
        boolean zip = body.length >= 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
        if (body.length == 0) {
            RegionRouter.error(ctx, 400, "empty", "send the CSV or XLSX file itself as the request body");
            return;
        }
        if (!(type.equals("text/csv") && !zip) && !(type.equals(XLSX) && zip)) {
            RegionRouter.error(ctx, 415, "unsupported_type", "the body must be text/csv (UTF-8) or an XLSX workbook ("
                    + XLSX + "), its first bytes matching the type; was " + (type.isEmpty() ? "none" : type));
            return;
        }
        boolean xlsx = zip;
        vertx.executeBlocking(() -> {
            List<List<String>> rows;
            try {
                rows = xlsx ? Sheets.fromXlsx(body) : Sheets.fromCsv(body);
            } catch (ZipLimits.Refused e) {
                return new JsonObject().put("status", e.tooLarge() ? 413 : 400).put("error", "bad_workbook")
                        .put("message", e.getMessage());
            } catch (java.io.IOException | RuntimeException e) {
                return new JsonObject().put("status", 400).put("error", "bad_workbook").put("message",
                        "the XLSX workbook cannot be read: it is damaged or not a workbook; save it again as .xlsx");
            }
            CertificateTable.Parsed parsed = CertificateTable.parse(rows);
            if (!parsed.ok()) {
                return new JsonObject().put("status", 400).put("error", "bad_rows")
                        .put("message", parsed.errors().size() + " row(s) refused; nothing was imported")
                        .put("errors", new JsonArray(parsed.errors()));
            }
            CertifiedStore.Imported done = certified.importList(parsed.certificates(), replace, clock.millis());
            return new JsonObject().put("status", 200).put("version", done.version()).put("added", done.added())
                    .put("updated", done.updated()).put("removed", done.removed()).put("unchanged", done.unchanged());
        }, false).onSuccess(answer -> {
            int status = (Integer) answer.remove("status");
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(answer.encode());
        }).onFailure(e -> RegionRouter.failed(ctx, e));
    }

    private static void expiredCertSales(Vertx vertx, CertifiedStore certified, ZoneId zone, RoutingContext ctx) {
        ReportRoutes.Period period = ReportRoutes.period(ctx);
        if (period == null) {
            return;
        }
        long fromMs = period.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = period.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        vertx.executeBlocking(() -> certified.expiredCertSales(fromMs, toMs), false).onSuccess(list -> {
            JsonArray rows = new JsonArray();
            for (CertifiedStore.ExpiredCertSale s : list) {
                rows.add(new JsonObject().put("center", s.center()).put("seq", s.seq()).put("t_ms", s.tMs())
                        .put("sku", s.sku()).put("cert_number", s.certNumber()).put("qty", s.qty())
                        .put("amount_fen", s.amountFen()));
            }
            ctx.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("sales", rows).encode());
        }).onFailure(e -> RegionRouter.failed(ctx, e));
    }

    /** True when {@code If-None-Match} names this version (strong or weak). */
    private static boolean matches(String ifNoneMatch, long version) {
        return ifNoneMatch != null && List.of(ifNoneMatch.split(",")).stream().map(String::trim)
                .anyMatch(t -> t.equals(CertifiedList.etag(version)) || t.equals("W/" + CertifiedList.etag(version)));
    }

    /** True when the request carries the region admin token; else the response is sent (401/403). */
    static boolean admin(RoutingContext ctx, String adminToken) {
        if (adminToken == null) {
            RegionRouter.error(ctx, 403, "no_admin", "this region has no admin token configured (SSK_REGION_ADMIN_TOKEN)");
            return false;
        }
        String auth = ctx.request().getHeader("Authorization");
        String given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
            RegionRouter.error(ctx, 401, "unauthenticated", "Authorization: Bearer <the region admin token>");
            return false;
        }
        return true;
    }
}
