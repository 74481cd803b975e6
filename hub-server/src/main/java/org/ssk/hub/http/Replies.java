package org.ssk.hub.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.ssk.webauth.AccountRules;

/**
 * Small helpers shared by route groups: JSON answers, a JSON object body or a 400, blocking work
 * off the event loop (an {@link IllegalArgumentException} from the domain becomes a 400 with its
 * message, a change that would leave no enabled admin a 409 {@code last_admin}), and the
 * signed-in caller's name for logs and ledger entries.
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
                .onFailure(e -> ctx.fail(failure(e)))
                .onSuccess(body -> json(ctx, status, body));
    }

    /** What the client is told of a failure of blocking work: its mistake as an {@link ApiError}, else {@code e}. */
    public static Throwable failure(Throwable e) {
        if (e instanceof AccountRules.LastAdmin) {
            return new ApiError(409, "last_admin", e.getMessage());
        }
        return e instanceof IllegalArgumentException && !(e instanceof ApiError) ? ApiError.badRequest(e.getMessage()) : e;
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

    /**
     * The whole number in field {@code name} of {@code o}, or {@code absent} when the field is
     * missing or null. A fraction ({@code 1.9}), a number outside [{@code min}, {@code max}]
     * ({@code 4294967297} for an int), or a non-number is a 400 {@link ApiError} naming the field,
     * never truncated or wrapped: every JSON integer of the API is read here.
     */
    public static Long whole(JsonObject o, String name, long min, long max, Long absent) {
        Object v = o.getValue(name);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number n)) {
            throw ApiError.badRequest(name + ": a whole number, was: " + abbreviate(String.valueOf(v)));
        }
        java.math.BigDecimal d;
        try {
            d = new java.math.BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": a whole number, was: " + abbreviate(n.toString()));
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw ApiError.badRequest(name + ": a whole number, not a fraction, was: " + abbreviate(n.toString()));
        }
        if (d.compareTo(java.math.BigDecimal.valueOf(min)) < 0 || d.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw ApiError.badRequest(name + ": must be from " + min + " to " + max + ", was: " + abbreviate(n.toString()));
        }
        return d.longValueExact();
    }

    /** {@link #whole} for an {@code int} field. */
    public static Integer wholeInt(JsonObject o, String name, Integer absent) {
        Long v = whole(o, name, Integer.MIN_VALUE, Integer.MAX_VALUE, absent == null ? null : absent.longValue());
        return v == null ? null : v.intValue();
    }

    private static String abbreviate(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }

    /** The signed-in caller's user name (or kiosk label), "?" when none. */
    public static String who(RoutingContext ctx) {
        return AuthHandler.principal(ctx).map(p -> p.username() != null ? p.username() : p.label()).orElse("?");
    }
}
