package org.ssk.hub.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Small helpers shared by route groups: JSON answers, a JSON object body or a 400, blocking work
 * off the event loop (an {@link IllegalArgumentException} from the domain becomes a 400 with its
 * message), and the signed-in caller's name for logs and ledger entries.
 */
public final class Replies {
    private Replies() {
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(String.valueOf(body));
    }

    /** Runs {@code work} on a worker thread and answers its result as JSON with {@code status}. */
    public static void blocking(RoutingContext ctx, int status, Callable<?> work) {
        ctx.vertx().executeBlocking(work, false)
                .onFailure(e -> ctx.fail(e instanceof IllegalArgumentException && !(e instanceof ApiError)
                        ? ApiError.badRequest(e.getMessage()) : e))
                .onSuccess(body -> json(ctx, status, body));
    }

    /** The request body as a JSON object; throws a 400 {@link ApiError} otherwise. */
    public static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject b = ctx.body().asJsonObject();
            if (b == null) {
                throw ApiError.badRequest("a JSON object body is required");
            }
            return b;
        } catch (DecodeException | ClassCastException e) {
            throw ApiError.badRequest("the body is not a JSON object");
        }
    }

    /** The signed-in caller's user name (or kiosk label), "?" when none. */
    public static String who(RoutingContext ctx) {
        return AuthHandler.principal(ctx).map(p -> p.username() != null ? p.username() : p.label()).orElse("?");
    }
}
