package org.ssk.hub.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.ssk.hub.auth.Accounts;
import org.ssk.webauth.SessionCookie;

/**
 * Runs before every {@code /api} and {@code /ws} route: finds who is calling and applies the
 * {@link Access} table. A caller is identified by, in this order, {@code Authorization: Bearer
 * TOKEN} (API clients), the {@value #COOKIE} session cookie (the console and staff pages), or
 * {@code ?token=} on a WebSocket upgrade (kiosks; browsers cannot set headers there).
 *
 * <p>Browsers signed in by cookie ({@link SessionCookie}) must echo the session's CSRF token in
 * {@value #CSRF_HEADER} on every request that changes something, and a cookie-authenticated
 * WebSocket must come from the hub's own origin: another site's page can make the browser send
 * the cookie, but can neither read it nor compute the token. 401 when a route needs a caller and
 * there is none (or the token is unknown, expired or revoked), 403 when the role is too small.
 */
public final class AuthHandler implements Handler<RoutingContext> {
    public static final String COOKIE = "ssk_session";
    public static final String CSRF_HEADER = SessionCookie.CSRF_HEADER;
    /** The hub's session cookie (the region's has another name). */
    public static final SessionCookie SESSION = new SessionCookie(COOKIE);
    private static final String PRINCIPAL = "ssk.principal";

    private final Accounts accounts;

    /** {@code accounts} null: a hub without accounts (bench storage); every non-public route is refused. */
    public AuthHandler(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The caller of a route behind this handler, when one signed in. */
    public static Optional<Accounts.Principal> principal(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(PRINCIPAL));
    }

    /** The session token the caller presented (header, cookie or query), or null. */
    public static String presentedToken(RoutingContext ctx) {
        String t = SESSION.presentedToken(ctx);
        if (t != null) {
            return t;
        }
        return ctx.normalizedPath().startsWith("/ws/") ? ctx.queryParams().get("token") : null;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        Access.Need need = Access.need(method, ctx.normalizedPath());
        String token = presentedToken(ctx);
        boolean viaCookie = token != null && ctx.request().getHeader("Authorization") == null
                && ctx.request().getCookie(COOKIE) != null;
        if (token == null || accounts == null) {
            if (need == Access.Need.PUBLIC) {
                ctx.next();
            } else {
                ctx.fail(new ApiError(401, "unauthorized",
                        "sign in first (POST /api/v1/auth/login, then Authorization: Bearer TOKEN)"));
            }
            return;
        }
        if (ctx.normalizedPath().startsWith("/ws/")) {
            // Held back while the token is checked: a WebSocket upgrade of a request whose end was
            // already read fails ("Request has already been read").
            ctx.request().pause();
        }
        ctx.vertx().executeBlocking(() -> accounts.authenticate(token), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Accounts.Principal p = ar.result().orElse(null);
            if (p == null) {
                if (need == Access.Need.PUBLIC) {
                    ctx.next();
                } else {
                    ctx.fail(new ApiError(401, "unauthorized", "the session has ended or the token is not valid;"
                            + " sign in again"));
                }
                return;
            }
            if (!need.allows(p.role())) {
                ctx.fail(new ApiError(403, "forbidden", "role " + p.role().wireName() + " may not "
                        + method + " " + ctx.normalizedPath()));
                return;
            }
            if (viaCookie && need != Access.Need.PUBLIC && !csrfSafe(ctx, token)) {
                return;
            }
            ctx.put(PRINCIPAL, p);
            ctx.next();
        });
    }

    private static boolean csrfSafe(RoutingContext ctx, String token) {
        if (ctx.normalizedPath().startsWith("/ws/")) {
            String origin = ctx.request().getHeader("Origin");
            String host = ctx.request().getHeader("Host");
            if (origin != null && (host == null || !origin.replaceFirst("^https?://", "").equals(host))) {
                ctx.fail(new ApiError(403, "forbidden", "a signed-in WebSocket must come from the hub's own pages"));
                return false;
            }
            return true;
        }
        if (!SessionCookie.csrfOk(ctx, token)) {
            ctx.fail(new ApiError(403, "csrf", "missing or wrong " + CSRF_HEADER + " header (reload the page)"));
            return false;
        }
        return true;
    }
}
