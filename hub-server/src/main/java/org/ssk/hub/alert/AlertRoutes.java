package org.ssk.hub.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.Replies;

/**
 * {@code GET /api/v1/alerts} → the open alerts; {@code GET /api/v1/alerts/history?days=7} → alerts
 * raised in the last days, open or cleared. Each as {@code {"id","kind","subject","shelf","lane",
 * "sku","detail","raised_ms","cleared_ms","acknowledged_by","acknowledged_ms"}}.
 * {@code POST /api/v1/alerts/{id}/ack} (staff and up) records who saw it ({@link AlertAcks});
 * the alert stays open until resolved. Reads and writes run in {@code executeBlocking}.
 */
public final class AlertRoutes implements ApiRoutes {
    private final AlertEngine engine;
    private final AlertAcks acks;

    public AlertRoutes(AlertEngine engine, AlertAcks acks) {
        this.engine = engine;
        this.acks = acks;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/alerts").handler(ctx -> send(ctx, false));
        router.get("/api/v1/alerts/history").handler(ctx -> send(ctx, true));
        router.post("/api/v1/alerts/:id/ack").handler(this::ack);
    }

    private void ack(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("alert id: a whole number");
        }
        String user = Replies.who(ctx);
        Replies.blocking(ctx, 200, () -> {
            AlertAcks.Ack a = acks.ack(id, user, System.currentTimeMillis())
                    .orElseThrow(() -> ApiError.notFound("no alert " + id));
            return new JsonObject().put("id", id).put("acknowledged_by", a.by()).put("acknowledged_ms", a.atMs());
        });
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
        Replies.blocking(ctx, 200, () -> {
            List<Alert> list = history ? engine.history(since) : engine.open();
            Map<Long, AlertAcks.Ack> seen = acks.acks(since);
            JsonArray out = new JsonArray();
            for (Alert a : list) {
                AlertAcks.Ack ack = seen.get(a.id());
                out.add(new JsonObject().put("id", a.id()).put("kind", a.kind().wireName())
                        .put("subject", a.subject()).put("shelf", a.shelf()).put("lane", a.lane())
                        .put("sku", a.sku()).put("detail", a.detail()).put("raised_ms", a.raisedMs())
                        .put("cleared_ms", a.clearedMs())
                        .put("acknowledged_by", ack == null ? null : ack.by())
                        .put("acknowledged_ms", ack == null ? null : ack.atMs()));
            }
            return out;
        });
    }
}
