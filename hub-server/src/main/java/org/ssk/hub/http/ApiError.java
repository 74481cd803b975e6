package org.ssk.hub.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A client mistake with its HTTP status and a reason for a human: thrown by handlers (or passed to
 * {@link RoutingContext#fail(Throwable)}) and turned into {@code {"error":code,"reason":text}} by
 * the router's failure handler. Never carries a stack trace to the client.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiError(int status, String code, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ApiError badRequest(String reason) {
        return new ApiError(400, "bad_request", reason);
    }

    public static ApiError notFound(String reason) {
        return new ApiError(404, "not_found", reason);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Ends the response with this error as JSON. */
    public void send(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", code).put("reason", getMessage()).encode());
    }
}
