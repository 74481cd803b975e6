package org.ssk.hub.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.ingest.IngestVerticle;
import org.ssk.hub.ingest.LinkState;
import org.ssk.hub.kiosk.Card;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.kiosk.KioskFrames;
import org.ssk.hub.kiosk.KioskPush;
import org.ssk.hub.kiosk.QrSvg;
import org.ssk.hub.kiosk.ShelfLayout;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.Topics;
import org.ssk.webauth.SecurityHeaders;

/**
 * Builds the hub's whole HTTP surface: {@code /health}, {@code /metrics}, the REST API under
 * {@code /api/v1}, the kiosk WebSocket {@code /ws/kiosk/{shelf}}, and the static pages of the
 * {@code kiosk} module. The one function the HTTP verticle and the router tests both call.
 *
 * <p>Every error is JSON {@code {"error","reason"}}: bad input is a 4xx with the reason, and an
 * unexpected failure is logged with its stack and answered 500 without one.
 */
public final class RouterFactory {
    private static final Logger log = LoggerFactory.getLogger(RouterFactory.class);

    /** SKUs in paths: what the protocol allows in an event, minus characters that break URLs. */
    static final Pattern SKU = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Largest JSON body accepted. */
    static final int JSON_LIMIT_BYTES = 64 * 1024;
    /** Largest upload (a product spreadsheet, an image). */
    public static final int UPLOAD_LIMIT_BYTES = 8 * 1024 * 1024;
    /** Endpoints that take uploads up to {@link #UPLOAD_LIMIT_BYTES}. */
    static final Pattern UPLOADS = Pattern.compile("/api/v1/(catalog/(products|planogram)(/import)?|sales/import"
            + "|catalog/products/[^/]+/(image|video)|media(/.*)?)");

    /** Static page families: each URL folder maps to the same folder of the kiosk module. */
    static final List<String> PAGE_FOLDERS = List.of("kiosk", "virtual", "console", "staff");

    /**
     * Everything the routes read; {@code extra} are optional route groups mounted last;
     * {@code accounts} null refuses every route the {@link Access} table does not make public.
     */
    public record Deps(Supplier<KioskCatalog> catalog, KioskPush push, LinkState broker, LedgerView ledger,
                       PrometheusMeterRegistry metrics, List<ApiRoutes> extra, org.ssk.hub.auth.Accounts accounts) {
    }

    private record Route(HttpMethod method, String path, Handler<RoutingContext> handler) {
    }

    private final Vertx vertx;
    private final Deps deps;

    private RouterFactory(Vertx vertx, Deps deps) {
        this.vertx = vertx;
        this.deps = deps;
    }

    public static Router create(Vertx vertx, Deps deps) {
        return new RouterFactory(vertx, deps).build();
    }

    private Router build() {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders());
        router.route("/api/*").handler(this::countRejections);
        router.route("/api/*").handler(ctx -> {
            // The API takes JSON and raw uploads, never HTML forms: a form body would be decoded by
            // Netty (and its decoding errors would surface as 500s), so it is refused up front.
            String type = String.valueOf(ctx.request().getHeader("content-type")).toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) {
                ctx.fail(new ApiError(415, "unsupported_media_type", "send JSON (application/json) or a raw file,"
                        + " not a form"));
                return;
            }
            long limit = UPLOADS.matcher(ctx.normalizedPath()).matches() ? UPLOAD_LIMIT_BYTES : JSON_LIMIT_BYTES;
            if (contentLength(ctx) > limit) {
                ctx.fail(new ApiError(413, "too_large", "request body over " + (limit >= 1024 * 1024
                        ? limit / 1024 / 1024 + " MiB" : limit / 1024 + " KiB")));
                return;
            }
            // Held unread until the caller is known: the body handler, after authentication,
            // resumes it. So no body, however large, is buffered for a caller who is refused.
            ctx.request().pause();
            // A refused request's body is then drained and dropped, never kept: left paused, its
            // unread bytes would hold the connection (HTTP/1.1) or its flow-control window (HTTP/2)
            // and stall the caller's next requests.
            ctx.addEndHandler(v -> {
                if (!ctx.request().isEnded()) {
                    ctx.request().handler(ignored -> { }).resume();
                }
            });
            ctx.next();
        });
        AuthHandler auth = new AuthHandler(deps.accounts());
        router.route("/api/*").handler(auth);
        router.route("/ws/*").handler(auth);
        // Uploads (spreadsheets, images) may be large; everything else is a small JSON body. The
        // second handler skips a body the first one read; a body sent without a length stops at the limit.
        router.routeWithRegex(UPLOADS.pattern()).handler(BodyHandler.create(false).setBodyLimit(UPLOAD_LIMIT_BYTES));
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT_BYTES));
        router.route("/api/*").handler(ctx -> {
            ctx.response().putHeader("cache-control", "no-store");
            ctx.next();
        });
        List<Route> routes = List.of(
                new Route(HttpMethod.GET, "/health", this::health),
                new Route(HttpMethod.GET, "/api/v1/openapi.json", this::openApi),
                new Route(HttpMethod.GET, "/api/v1/shelves", this::shelves),
                new Route(HttpMethod.GET, "/api/v1/shelves/:shelf", this::shelf),
                new Route(HttpMethod.POST, "/api/v1/shelves/:shelf/restock", this::restock),
                new Route(HttpMethod.GET, "/api/v1/products", this::products),
                new Route(HttpMethod.GET, "/api/v1/products/:sku", this::product),
                new Route(HttpMethod.GET, "/api/v1/products/:sku/qr.svg", this::qr),
                new Route(HttpMethod.GET, "/ws/kiosk/:shelf", this::kioskSocket));
        routes.forEach(r -> router.route(r.method(), r.path()).handler(r.handler()));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(deps.metrics()));
        deps.extra().forEach(m -> m.mount(router));

        // A page URL ending in a shelf id gets its folder's shelf page; the page reads the id from the path.
        for (String folder : PAGE_FOLDERS) {
            router.getWithRegex("/" + folder + "/[A-Za-z0-9_-]{1,32}")
                    .handler(ctx -> ctx.reroute("/" + folder + "/shelf.html"));
            router.route("/" + folder + "/*").handler(StaticHandler.create("META-INF/resources/" + folder)
                    .setCachingEnabled(false));
        }
        router.get("/").handler(ctx -> ctx.redirect("/kiosk/"));
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        router.route("/assets/*").handler(StaticHandler.create("META-INF/resources/assets").setMaxAgeSeconds(3600));

        router.route("/api/*").handler(ctx -> ctx.fail(ApiError.notFound("no such endpoint: "
                + ctx.request().method() + " " + ctx.normalizedPath())));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void health(RoutingContext ctx) {
        vertx.executeBlocking(() -> deps.ledger().healthy(), false).recover(e -> {
            log.warn("ledger health check failed: {}", e.toString());
            return io.vertx.core.Future.succeededFuture(false);
        }).onSuccess(ledgerUp -> {
            boolean brokerUp = deps.broker().up();
            boolean up = ledgerUp && brokerUp;
            json(ctx.response().setStatusCode(up ? 200 : 503), new JsonObject()
                    .put("status", up ? "up" : "down")
                    .put("broker", brokerUp ? "up" : "down")
                    .put("ledger", ledgerUp ? "up" : "down"));
        });
    }

    /** The OpenAPI document of every route under {@code /api/v1} (a test keeps it in step with the router). */
    private void openApi(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(OPENAPI);
    }

    static final String OPENAPI = readResource("openapi.json");

    private static String readResource(String name) {
        try (var in = RouterFactory.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the hub's jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void shelves(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        var who = AuthHandler.principal(ctx);
        for (ShelfLayout s : deps.catalog().get().shelves()) {
            // A kiosk token lists only the shelf it serves.
            if (who.map(p -> p.mayShowShelf(s.shelf())).orElse(true)) {
                out.add(shelfJson(s));
            }
        }
        json(ctx.response(), out);
    }

    private void shelf(RoutingContext ctx) {
        ShelfLayout s = shelfParam(ctx);
        vertx.executeBlocking(() -> deps.ledger().stockByLane(s.shelf()), false).onSuccess(stock -> {
            JsonArray lanes = new JsonArray();
            for (ShelfLayout.Lane l : s.lanes()) {
                lanes.add(new JsonObject().put("lane", l.lane()).put("sku", l.sku())
                        .put("qty", stock.getOrDefault(l.lane(), 0)).put("capacity", l.capacity()));
            }
            JsonObject out = shelfJson(s).put("stock", lanes).putNull("live");
            deps.push().lastHeartbeat(s.shelf()).ifPresent(t -> out.put("live", new JsonObject(
                    org.ssk.protocol.Codec.encodeToString(t))));
            json(ctx.response(), out);
        }).onFailure(ctx::fail);
    }

    /** Staff switch a shelf's restock mode: the hub sends the agent a command over MQTT. */
    private void restock(RoutingContext ctx) {
        ShelfLayout s = shelfParam(ctx);
        String on = ctx.queryParams().get("on");
        if (!"true".equals(on) && !"false".equals(on)) {
            throw ApiError.badRequest("give ?on=true to start restocking or ?on=false to end it, was " + abbreviate(on));
        }
        ShelfCommand cmd = new ShelfCommand("c-" + java.util.UUID.randomUUID().toString().substring(0, 12),
                Boolean.parseBoolean(on) ? ShelfCommand.Action.RESTOCK_START : ShelfCommand.Action.RESTOCK_END, null,
                System.currentTimeMillis());
        vertx.eventBus().request(IngestVerticle.COMMAND_ADDRESS, new IngestVerticle.Send(s.shelf(), cmd))
                .onSuccess(r -> json(ctx.response().setStatusCode(202), new JsonObject().put("command_id", cmd.id())))
                .onFailure(e -> ctx.fail(new ApiError(503, "broker_unavailable", e.getMessage())));
    }

    private void products(RoutingContext ctx) {
        rawJson(ctx, KioskFrames.write(deps.catalog().get().cards()));
    }

    private void product(RoutingContext ctx) {
        rawJson(ctx, KioskFrames.write(cardParam(ctx)));
    }

    private void qr(RoutingContext ctx) {
        Card c = cardParam(ctx);
        ctx.response().putHeader("content-type", "image/svg+xml").putHeader("cache-control", "max-age=3600")
                .end(QrSvg.render(c.orderUrl()));
    }

    private void kioskSocket(RoutingContext ctx) {
        ShelfLayout s = shelfParam(ctx);
        if (!AuthHandler.principal(ctx).map(p -> p.mayShowShelf(s.shelf())).orElse(false)) {
            throw new ApiError(403, "forbidden", "this kiosk token is for another shelf's display, not " + s.shelf());
        }
        ctx.request().toWebSocket()
                .onSuccess(ws -> deps.push().attach(s, ws))
                .onFailure(e -> log.debug("kiosk WebSocket upgrade for {} failed: {}", s.shelf(), e.toString()));
    }

    private ShelfLayout shelfParam(RoutingContext ctx) {
        String id = ctx.pathParam("shelf");
        if (id == null || !Topics.SHELF_ID.matcher(id).matches()) {
            throw ApiError.badRequest("shelf id must be 1-32 of A-Z a-z 0-9 _ -, was: " + abbreviate(id));
        }
        return deps.catalog().get().shelf(id).orElseThrow(() -> ApiError.notFound("no shelf " + id));
    }

    private Card cardParam(RoutingContext ctx) {
        String sku = ctx.pathParam("sku");
        if (sku == null || !SKU.matcher(sku).matches()) {
            throw ApiError.badRequest("sku must be 1-64 of A-Z a-z 0-9 _ . -, was: " + abbreviate(sku));
        }
        return deps.catalog().get().card(sku).orElseThrow(() -> ApiError.notFound("no product " + sku));
    }

    private JsonObject shelfJson(ShelfLayout s) {
        JsonArray lanes = new JsonArray();
        s.lanes().forEach(l -> lanes.add(new JsonObject().put("lane", l.lane()).put("sku", l.sku())));
        return new JsonObject().put("shelf", s.shelf()).put("name", s.name())
                .put("online", deps.push().online(s.shelf())).put("restock", deps.push().restocking(s.shelf()))
                .put("kiosk_screens", deps.push().sockets(s.shelf()))
                .put("lanes", lanes);
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t instanceof ApiError e) {
            e.send(ctx);
            return;
        }
        int status = ctx.statusCode();
        if (t == null && status >= 400 && status < 500) {
            String code = Map.of(404, "not_found", 405, "method_not_allowed", 413, "too_large")
                    .getOrDefault(status, "bad_request");
            new ApiError(status, code, "HTTP " + status + " for " + ctx.request().method() + " "
                    + abbreviate(ctx.request().path())).send(ctx);
            return;
        }
        log.error("{} {} failed", ctx.request().method(), ctx.request().path(), t);
        new ApiError(500, "internal", "the hub could not answer; see its log").send(ctx);
    }

    /** Counts every API answer of 400 and above in {@code ssk_http_rejected_total{status}}, whoever wrote it. */
    private void countRejections(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            int status = ctx.response().getStatusCode();
            if (status >= 400) {
                deps.metrics().counter("ssk_http_rejected", "status", Integer.toString(status)).increment();
            }
        });
        ctx.next();
    }

    private static void json(io.vertx.core.http.HttpServerResponse r, Object body) {
        r.putHeader("content-type", "application/json; charset=utf-8").end(String.valueOf(body));
    }

    private static void rawJson(RoutingContext ctx, String body) {
        json(ctx.response(), body);
    }

    private static long contentLength(RoutingContext ctx) {
        String h = ctx.request().getHeader("content-length");
        try {
            return h == null ? -1 : Long.parseLong(h.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
