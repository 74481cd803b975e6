package org.ssk.region.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.Optional;
import org.ssk.protocol.region.CenterId;
import org.ssk.protocol.region.EntryPage;
import org.ssk.protocol.region.EntryLines;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.console.ConsoleAuth;
import org.ssk.region.console.ConsoleAuthRoutes;
import org.ssk.region.console.ConsoleRoutes;
import org.ssk.region.console.RegionAccounts;
import org.ssk.region.ingest.BatchPlan;
import org.ssk.region.store.RegionStore;
import org.ssk.webauth.AccountRules;
import org.ssk.webauth.LoginThrottle;
import org.ssk.webauth.SecurityHeaders;

/**
 * The region's HTTP API, built by one function that tests call too. Routes:
 * <ul>
 *   <li>{@code POST /api/v1/centers/{center}/entries}: an {@link UploadBatch}, as JSON or, with
 *       that content type, as {@link EntryLines} (what hubs send); 200 with the
 *       {@code UploadAnswer} after commit (also for a replay or a gap: the hub resumes from
 *       {@code stored_through}); 409 {@code chain_broken} naming the entry.</li>
 *   <li>{@code GET /api/v1/centers/{center}/head}: the same answer without uploading.</li>
 *   <li>{@code GET /api/v1/centers/{center}/entries?after=SEQ&limit=N}: an {@code EntryPage} of
 *       the center's own stored entries after {@code SEQ} (default 0), at most {@code N} (default
 *       and most 5,000): what {@code hub-server restore-from-region} rebuilds a lost ledger from.
 *       A center reads only its own entries.</li>
 *   <li>{@code POST /api/v1/centers/{center}/status}: the center's own report of its chain's
 *       head, shelves offline and alerts open ({@code {"head_seq","offline_shelves",
 *       "open_alerts"}}), stored for the console; 204.</li>
 *   <li>{@code GET /health}: 200.</li>
 *   <li>The certified-product list: {@link CertifiedRoutes}.</li>
 *   <li>The console: its pages under {@code /region/} (the consoles' shared stylesheets and
 *       sign-in script from the web-auth jar under {@code /assets/}, chart.js under
 *       {@code /webjars/}), sign-in and accounts ({@link ConsoleAuthRoutes}), its reads
 *       ({@link ConsoleRoutes}).</li>
 *   <li>The daily report across centers (region admin token): {@link ReportRoutes}.</li>
 * </ul>
 * Every answer carries the consoles' security headers ({@link SecurityHeaders}: CSP without inline
 * script, frame-ancestors, nosniff, no referrer).
 * Each center authenticates with {@code Authorization: Bearer <its upload secret>}: 401 without a
 * known secret, 403 (and an alert) when a center's secret is used for another center's id.
 * Storage runs on worker threads, never the event loop.
 */
public final class RegionRouter {
    /** Largest upload body: 5,000 entries of up to a few hundred bytes each, with room. */
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private RegionRouter() {
    }

    /**
     * With {@code adminToken} (null: none) for scripted imports ({@link CertifiedRoutes}), the
     * console's {@code accounts}, {@code ingest}: the few threads upload batches are stored on
     * (the rest wait their turn there, not on the worker pool the console and reports use), and
     * {@code uploads}: how much of upload bodies may be held meanwhile.
     */
    public static Router create(Vertx vertx, RegionStore store, Clock clock, String adminToken,
                                RegionAccounts accounts, WorkerExecutor ingest, UploadBudget uploads) {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders());
        ConsoleAuth auth = new ConsoleAuth(accounts);
        new ConsoleAuthRoutes(accounts, LoginThrottle.standard(), auth).mount(router);
        // The console's "today" is the region's (its days are the region zone's, as the aggregates').
        new ConsoleRoutes(store.console(), clock.withZone(store.zone())).mount(router, auth);
        CertifiedRoutes.mount(router, vertx, store, clock, adminToken, auth);
        router.get("/").handler(ctx -> ctx.redirect("/region/"));
        router.route("/region/*").handler(StaticHandler.create("META-INF/resources/region").setIndexPage("index.html"));
        router.route("/assets/*").handler(StaticHandler.create("META-INF/resources/assets").setMaxAgeSeconds(3600));
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        ReportRoutes.mount(router, vertx, store, adminToken);
        router.get("/health").handler(ctx -> ctx.response().end("ok"));
        router.post("/api/v1/centers/:center/status").handler(BodyHandler.create(false).setBodyLimit(4096));
        router.post("/api/v1/centers/:center/status").handler(ctx -> status(vertx, store, clock, ctx));
        router.post("/api/v1/centers/:center/entries").handler(ctx -> admit(uploads, ctx));
        router.post("/api/v1/centers/:center/entries").handler(BodyHandler.create(false)
                .setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/v1/centers/:center/entries").handler(ctx -> upload(vertx, ingest, store, clock, ctx));
        router.get("/api/v1/centers/:center/head").handler(ctx -> head(vertx, store, clock, ctx));
        router.get("/api/v1/centers/:center/entries").handler(ctx -> entries(vertx, store, clock, ctx));
        router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no such route"));
        return router;
    }

    /**
     * Takes the upload's declared size from {@code uploads} until its answer is sent, or answers
     * 503 {@code busy} (Retry-After: 1; over HTTP/1.1 the connection closed) before reading its body.
     * A body without a length counts as the largest allowed; one declaring more is refused (413)
     * by the body handler after.
     */
    private static void admit(UploadBudget uploads, RoutingContext ctx) {
        long declared;
        try {
            declared = Long.parseLong(ctx.request().getHeader("content-length"));
        } catch (NumberFormatException e) {
            declared = MAX_BODY_BYTES;
        }
        long size = Math.max(0, Math.min(declared, MAX_BODY_BYTES));
        if (!uploads.tryTake(size)) {
            ctx.response().putHeader("Retry-After", "1");
            if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                // HTTP/1.1: the unread body ends with the connection (HTTP/2 resets just the stream).
                ctx.response().putHeader("Connection", "close");
            }
            error(ctx, 503, "busy", "the region holds as many uploads as it can; retry in a second");
            return;
        }
        ctx.addEndHandler(done -> uploads.give(size));
        ctx.next();
    }

    private static void upload(Vertx vertx, WorkerExecutor ingest, RegionStore store, Clock clock, RoutingContext ctx) {
        authenticated(vertx, store, clock, ctx).compose(center -> ingest.executeBlocking(() -> {
            UploadBatch batch;
            try {
                io.vertx.core.buffer.Buffer body = ctx.body().buffer();
                byte[] bytes = body == null ? new byte[0] : body.getBytes();
                String type = ctx.request().getHeader("content-type");
                batch = type != null && type.regionMatches(true, 0, EntryLines.CONTENT_TYPE, 0, EntryLines.CONTENT_TYPE.length())
                        ? EntryLines.decode(bytes) : RegionCodec.decodeBatch(bytes);
            } catch (IllegalArgumentException e) {
                return Optional.<RegionStore.Ingested>empty();
            }
            if (!batch.center().equals(center)) {
                return Optional.<RegionStore.Ingested>empty();
            }
            return Optional.of(store.ingest(batch, clock.millis()));
        }, false)).onSuccess(result -> {
            if (ctx.response().ended()) {
                return;
            }
            if (result.isEmpty()) {
                error(ctx, 400, "bad_batch", "the body is not an upload batch of this center");
                return;
            }
            RegionStore.Ingested done = result.get();
            if (done.decision() instanceof BatchPlan.Broken b) {
                ctx.response().setStatusCode(409).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "chain_broken").put("center", done.answer().center())
                                .put("seq", b.seq()).put("reason", b.reason())
                                .put("stored_through", done.answer().storedThrough()).encode());
                return;
            }
            ctx.response().putHeader("content-type", "application/json").end(RegionCodec.encode(done.answer()));
        }).onFailure(e -> failed(ctx, e));
    }

    /** A center's status report: {@code {"head_seq","offline_shelves","open_alerts"}}, numbers >= 0. */
    private static void status(Vertx vertx, RegionStore store, Clock clock, RoutingContext ctx) {
        JsonObject b;
        try {
            b = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            b = null;
        }
        long head = count(b, "head_seq");
        long offline = count(b, "offline_shelves");
        long alerts = count(b, "open_alerts");
        if (head < 0 || offline < 0 || offline > Integer.MAX_VALUE || alerts < 0 || alerts > Integer.MAX_VALUE) {
            error(ctx, 400, "bad_status", "{\"head_seq\",\"offline_shelves\",\"open_alerts\"}: whole numbers >= 0");
            return;
        }
        authenticated(vertx, store, clock, ctx)
                .compose(center -> vertx.executeBlocking(() -> store.console().status(center, head, (int) offline,
                        (int) alerts, clock.millis()), false))
                .onSuccess(ok -> ctx.response().setStatusCode(204).end())
                .onFailure(e -> failed(ctx, e));
    }

    private static long count(JsonObject b, String field) {
        Object v = b == null ? null : b.getValue(field);
        return v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : -1;
    }

    private static void head(Vertx vertx, RegionStore store, Clock clock, RoutingContext ctx) {
        authenticated(vertx, store, clock, ctx)
                .compose(center -> vertx.executeBlocking(() -> store.head(center), false))
                .onSuccess(a -> ctx.response().putHeader("content-type", "application/json").end(RegionCodec.encode(a)))
                .onFailure(e -> failed(ctx, e));
    }

    private static void entries(Vertx vertx, RegionStore store, Clock clock, RoutingContext ctx) {
        long after;
        int limit;
        try {
            after = Long.parseLong(Optional.ofNullable(ctx.request().getParam("after")).orElse("0"));
            limit = Integer.parseInt(Optional.ofNullable(ctx.request().getParam("limit"))
                    .orElse(String.valueOf(EntryPage.MAX_ENTRIES)));
        } catch (NumberFormatException e) {
            after = -1;
            limit = -1;
        }
        if (after < 0 || limit < 1 || limit > EntryPage.MAX_ENTRIES) {
            error(ctx, 400, "bad_page", "after: a sequence number >= 0; limit: 1-" + EntryPage.MAX_ENTRIES);
            return;
        }
        long from = after;
        int most = limit;
        authenticated(vertx, store, clock, ctx)
                .compose(center -> vertx.executeBlocking(() -> store.entries(center, from, most), false))
                .onSuccess(p -> ctx.response().putHeader("content-type", "application/json").end(RegionCodec.encode(p)))
                .onFailure(e -> failed(ctx, e));
    }

    /** The center this request authenticated as, which must be the one in its path; else the response is sent. */
    private static Future<String> authenticated(Vertx vertx, RegionStore store, Clock clock, RoutingContext ctx) {
        String path = ctx.pathParam("center");
        String auth = ctx.request().getHeader("Authorization");
        if (!CenterId.valid(path)) {
            error(ctx, 400, "bad_center", "center: " + CenterId.RULE);
            return Future.failedFuture(new Answered());
        }
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() > 256) {
            error(ctx, 401, "unauthenticated", "Authorization: Bearer <the center's upload secret>");
            return Future.failedFuture(new Answered());
        }
        String secret = auth.substring(7).trim();
        return vertx.executeBlocking(() -> {
            Optional<String> center = store.centerBySecret(secret);
            if (center.isPresent() && !center.get().equals(path)) {
                store.raiseAlert(center.get(), null, "wrong_center", "center " + center.get()
                        + " posted under the id of center " + path, clock.millis());
            }
            return center;
        }, false).compose(center -> {
            if (center.isEmpty()) {
                error(ctx, 401, "unauthenticated", "unknown upload secret");
                return Future.failedFuture(new Answered());
            }
            if (!center.get().equals(path)) {
                error(ctx, 403, "wrong_center", "this secret belongs to another center");
                return Future.failedFuture(new Answered());
            }
            return Future.succeededFuture(center.get());
        });
    }

    /** The response was already sent. */
    static final class Answered extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Answered() {
            super(null, null, false, false);
        }
    }

    public static void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof Answered || ctx.response().ended()) {
            return;
        }
        if (e instanceof AccountRules.LastAdmin) {
            error(ctx, 409, "last_admin", e.getMessage());
            return;
        }
        if (e instanceof IllegalArgumentException) {
            error(ctx, 400, "bad_request", e.getMessage());
            return;
        }
        org.slf4j.LoggerFactory.getLogger(RegionRouter.class).warn("request failed: {}", e.toString());
        error(ctx, 503, "store_unavailable", "the region cannot store now; retry later");
    }

    public static void error(RoutingContext ctx, int status, String code, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", code).put("message", message).encode());
    }
}
