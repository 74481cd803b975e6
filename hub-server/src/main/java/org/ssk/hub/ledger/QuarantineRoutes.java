package org.ssk.hub.ledger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.Replies;

/**
 * The quarantine over HTTP, for operators and admins (rule {@code /api/v1/ledger/**} of
 * {@link org.ssk.hub.http.Access}):
 * <ul>
 *   <li>{@code GET /api/v1/ledger/quarantine?state=pending|all} → {@code [{"event_id","type","shelf",
 *       "lane","sku","t_ms","qty","grams","detail","received_ms","kind","reason","planogram_version",
 *       "decision","decided_by","decided_ms"}]}, in the order they were kept, at most {@link #MAX_LISTED}
 *       (default: pending);</li>
 *   <li>{@code POST /api/v1/ledger/quarantine/decisions} {@code {"event_id","decision":"release|reject"}}
 *       → 200 {@code {"decided":true}}, or {@code {"decided":false}} when it was decided before;
 *       404 for an id the quarantine does not hold. The operator's name and the time are recorded.</li>
 * </ul>
 * Event ids hold slashes ({@code shelf/epoch/seq}), so they travel in the body, not the path.
 */
public final class QuarantineRoutes implements ApiRoutes {
    /** Most events in one answer, the oldest first: a shelf sending thousands must not stall the console. */
    static final int MAX_LISTED = 500;
    private final Ledger ledger;

    public QuarantineRoutes(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/ledger/quarantine").handler(this::list);
        router.post("/api/v1/ledger/quarantine/decisions").handler(this::decide);
    }

    private void list(RoutingContext ctx) {
        String state = ctx.queryParams().get("state");
        if (state != null && !state.equals("pending") && !state.equals("all")) {
            throw ApiError.badRequest("state: pending or all");
        }
        boolean pendingOnly = !"all".equals(state);
        Replies.blocking(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            List<QuarantinedEvent> all = ledger.quarantined(pendingOnly);
            for (QuarantinedEvent q : all.subList(0, Math.min(all.size(), MAX_LISTED))) {
                StoredEvent e = q.event();
                out.add(new JsonObject().put("event_id", e.eventId()).put("type", e.type()).put("shelf", e.shelf())
                        .put("lane", e.lane()).put("sku", e.sku()).put("t_ms", e.tMs()).put("qty", e.qty())
                        .put("grams", e.grams()).put("detail", e.detail()).put("received_ms", e.receivedMs())
                        .put("kind", q.kind()).put("reason", q.reason()).put("planogram_version", q.planogramVersion())
                        .put("decision", q.decision()).put("decided_by", q.byUser()).put("decided_ms", q.decidedMs()));
            }
            return out;
        });
    }

    private void decide(RoutingContext ctx) {
        JsonObject b = Replies.body(ctx);
        Object id = b.getValue("event_id");
        Object decision = b.getValue("decision");
        if (!(id instanceof String eventId) || eventId.isBlank() || eventId.length() > 120) {
            throw ApiError.badRequest("event_id: the quarantined event's id, 1-120 characters");
        }
        if (!"release".equals(decision) && !"reject".equals(decision)) {
            throw ApiError.badRequest("decision: release or reject");
        }
        boolean release = decision.equals("release");
        String user = Replies.who(ctx);
        Replies.blocking(ctx, 200, () -> {
            try {
                return new JsonObject().put("decided", ledger.decideQuarantined(eventId, release, user));
            } catch (java.util.NoSuchElementException e) {
                throw ApiError.notFound(e.getMessage());
            }
        });
    }
}
