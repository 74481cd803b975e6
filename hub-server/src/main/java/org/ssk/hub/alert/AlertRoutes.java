package org.ssk.hub.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;

/**
 * {@code GET /api/v1/alerts} → the open alerts; {@code GET /api/v1/alerts/history?days=7} → alerts
 * raised in the last days, open or cleared. Each as {@code {"id","kind","subject","shelf","lane",
 * "sku","detail","raised_ms","cleared_ms"}}. Reads run in {@code executeBlocking}.
 */
public final class AlertRoutes implements ApiRoutes {
    private final AlertEngine engine;

    public AlertRoutes(AlertEngine engine) {
        this.engine = engine;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/alerts").handler(ctx -> send(ctx, false));
        router.get("/api/v1/alerts/history").handler(ctx -> send(ctx, true));
    }

    private void send(RoutingContext ctx, boolean history) {
        int days;
        try {
            String d = ctx.queryParams().get("days");
            days = d == null ? 7 : Integer.parseInt(d);
            if (days < 1 || days > 366) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            ctx.fail(ApiError.badRequest("days: a whole number of days, 1 to 366"));
            return;
        }
        long since = System.currentTimeMillis() - days * 86_400_000L;
        ctx.vertx().executeBlocking(() -> history ? engine.history(since) : engine.open(), false)
                .onFailure(ctx::fail)
                .onSuccess(list -> {
                    JsonArray out = new JsonArray();
                    for (Alert a : list) {
                        out.add(new JsonObject().put("id", a.id()).put("kind", a.kind().wireName())
                                .put("subject", a.subject()).put("shelf", a.shelf()).put("lane", a.lane())
                                .put("sku", a.sku()).put("detail", a.detail()).put("raised_ms", a.raisedMs())
                                .put("cleared_ms", a.clearedMs()));
                    }
                    ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(out.encode());
                });
    }
}
