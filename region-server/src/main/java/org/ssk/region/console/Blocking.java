package org.ssk.region.console;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.ssk.region.http.RegionRouter;

/** Runs a console route's store work on a worker thread and answers with its JSON (null: 404). */
final class Blocking {
    private Blocking() {
    }

    static void json(RoutingContext ctx, int status, Callable<Object> work) {
        ctx.vertx().executeBlocking(work, false).onFailure(e -> RegionRouter.failed(ctx, e)).onSuccess(v -> {
            if (v == null) {
                RegionRouter.error(ctx, 404, "not_found", "no such item");
                return;
            }
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end(io.vertx.core.json.Json.encode(v));
        });
    }
}
