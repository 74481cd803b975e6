package org.ssk.region.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.ssk.region.http.RegionRouter;
import org.ssk.webauth.SessionCookie;

/**
 * Runs before every console route: finds who is calling, by {@code Authorization: Bearer TOKEN}
 * (a session token from a sign-in with {@code "session":"token"}) or the {@value #COOKIE} cookie,
 * and checks the role the route needs. A browser signed in by cookie ({@link SessionCookie}) must
 * echo the session's CSRF token in {@value #CSRF_HEADER} on every request that changes
 * something (as at the hub). 401 without a valid session, 403 when the role is too small or the
 * CSRF token is missing or wrong. Sessions are read on a worker thread.
 */
public final class ConsoleAuth {
    /** Not the hub's cookie name: a hub and a region on one host (other ports) share cookies. */
    public static final String COOKIE = "ssk_region_session";
    public static final String CSRF_HEADER = SessionCookie.CSRF_HEADER;
    public static final SessionCookie SESSION = new SessionCookie(COOKIE);
    private static final String PRINCIPAL = "ssk.region.principal";

    private final RegionAccounts accounts;

    public ConsoleAuth(RegionAccounts accounts) {
        this.accounts = accounts;
    }

    /** The caller of a route behind {@link #need}. */
    public static Optional<RegionAccounts.Principal> principal(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(PRINCIPAL));
    }

    /** The session token presented (Bearer header first, then cookie), or null. */
    public static String presentedToken(RoutingContext ctx) {
        return SESSION.presentedToken(ctx);
    }

    /** Whether the request carries the console's session cookie and no Authorization header. */
    public static boolean viaCookie(RoutingContext ctx) {
        return SESSION.viaCookie(ctx);
    }

    /** A handler that lets through a signed-in caller with {@code role} (null: any role). */
    public Handler<RoutingContext> need(RegionRole role) {
        return ctx -> {
            String token = presentedToken(ctx);
            if (token == null) {
                RegionRouter.error(ctx, 401, "unauthorized", "sign in first (POST /api/v1/auth/login)");
                return;
            }
            boolean cookie = viaCookie(ctx);
            ctx.vertx().executeBlocking(() -> accounts.authenticate(token), false).onComplete(ar -> {
                if (ar.failed()) {
                    RegionRouter.failed(ctx, ar.cause());
                    return;
                }
                RegionAccounts.Principal p = ar.result().orElse(null);
                if (p == null) {
                    RegionRouter.error(ctx, 401, "unauthorized", "the session has ended or is not valid; sign in again");
                    return;
                }
                if (role != null && p.role() != role) {
                    RegionRouter.error(ctx, 403, "forbidden", "role " + p.role().wireName() + " may not "
                            + ctx.request().method() + " " + ctx.normalizedPath());
                    return;
                }
                if (cookie && !SessionCookie.csrfOk(ctx, token)) {
                    RegionRouter.error(ctx, 403, "csrf", "missing or wrong " + CSRF_HEADER + " header (reload the page)");
                    return;
                }
                ctx.put(PRINCIPAL, p);
                ctx.next();
            });
        };
    }
}
