package org.ssk.hub.demo;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;

/**
 * The virtual shelf's endpoints ({@code /api/v1/demo/...}, see {@code docs/kiosk-protocol.md}):
 * a person lifts and puts back simulated items with the mouse. They move the simulated load cells
 * of a running {@link DemoShelves} shelf; the resulting events are found by the agent's detector
 * and travel over MQTT like real ones. Mounted only by the demo ({@code demo.jar}). The gesture calls
 * only queue a command for the shelf's next tick, so they do not block the event loop.
 */
public final class DemoRoutes implements ApiRoutes {
    static final int MAX_QTY = 20;
    private static final String BASE = "/api/v1/demo/shelves/:shelf";

    private record Route(HttpMethod method, String path, Handler<RoutingContext> handler) {
    }

    private final Supplier<DemoShelves> shelves;

    /** {@code shelves} may answer null while the demo's agents are still starting (404 then). */
    public DemoRoutes(Supplier<DemoShelves> shelves) {
        this.shelves = shelves;
    }

    @Override
    public void mount(Router router) {
        List<Route> routes = List.of(
                new Route(HttpMethod.GET, BASE, this::view),
                new Route(HttpMethod.POST, BASE + "/lanes/:lane/lift", ctx -> gesture(ctx, SimulatedShelf::lift)),
                new Route(HttpMethod.POST, BASE + "/lanes/:lane/putback", ctx -> gesture(ctx, SimulatedShelf::putBack)),
                new Route(HttpMethod.POST, BASE + "/lanes/:lane/restock", ctx -> gesture(ctx, SimulatedShelf::restock)),
                new Route(HttpMethod.POST, BASE + "/restock-mode", this::restockMode));
        routes.forEach(r -> router.route(r.method(), r.path()).handler(r.handler()));
    }

    private interface Gesture {
        void apply(SimulatedShelf shelf, String lane, int qty);
    }

    private void view(RoutingContext ctx) {
        DemoShelves.Running r = running(ctx);
        JsonArray lanes = new JsonArray();
        for (SimulatedShelf.LaneView v : r.shelf().lanes()) {
            lanes.add(new JsonObject().put("lane", v.lane()).put("sku", v.sku()).put("count", v.count())
                    .put("grams", Math.round(v.grams() * 10) / 10.0).put("held", v.held()));
        }
        ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject().put("shelf", r.layout().shelf()).put("restock", r.agent().restockMode())
                        .put("lanes", lanes).encode());
    }

    private void gesture(RoutingContext ctx, Gesture g) {
        DemoShelves.Running r = running(ctx);
        String lane = ctx.pathParam("lane");
        if (r.layout().lanes().stream().noneMatch(l -> l.lane().equals(lane))) {
            throw ApiError.notFound("shelf " + r.layout().shelf() + " has no lane " + lane);
        }
        g.apply(r.shelf(), lane, qty(ctx));
        ctx.response().setStatusCode(204).end();
    }

    private void restockMode(RoutingContext ctx) {
        DemoShelves.Running r = running(ctx);
        String on = ctx.queryParams().get("on");
        if (!"true".equals(on) && !"false".equals(on)) {
            throw ApiError.badRequest("give ?on=true or ?on=false");
        }
        r.shelf().setRestockMode(Boolean.parseBoolean(on));
        ctx.response().setStatusCode(204).end();
    }

    private DemoShelves.Running running(RoutingContext ctx) {
        String id = ctx.pathParam("shelf");
        DemoShelves s = shelves.get();
        if (s == null) {
            throw ApiError.notFound("the demo's shelves are still starting");
        }
        return s.shelf(id).orElseThrow(() -> ApiError.notFound("no simulated shelf " + id));
    }

    private static int qty(RoutingContext ctx) {
        String q = ctx.queryParams().get("qty");
        if (q == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(q);
            if (n >= 1 && n <= MAX_QTY) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw ApiError.badRequest("qty must be a whole number 1-" + MAX_QTY + ", was " + q);
    }
}
