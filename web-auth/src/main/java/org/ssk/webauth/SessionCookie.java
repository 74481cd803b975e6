package org.ssk.webauth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * How a console's browser session travels: an HttpOnly, SameSite=Strict cookie named {@link #name}
 * (Secure over TLS or behind a proxy that says {@code X-Forwarded-Proto: https}), or
 * {@code Authorization: Bearer TOKEN} for API clients; a browser signed in by cookie echoes the
 * session's CSRF token ({@link Passwords#csrfOf}) in {@value #CSRF_HEADER} on every write. The hub
 * and the region use different cookie names, so a hub and a region on one host (other ports) do
 * not overwrite each other's session. Stateless and thread-safe.
 */
public record SessionCookie(String name) {
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** The session token presented: the Bearer header first, then the cookie; null when neither. */
    public String presentedToken(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        Cookie c = ctx.request().getCookie(name);
        return c != null && !c.getValue().isBlank() ? c.getValue() : null;
    }

    /** Whether the request carries this session cookie and no Authorization header. */
    public boolean viaCookie(RoutingContext ctx) {
        return ctx.request().getHeader("Authorization") == null && ctx.request().getCookie(name) != null;
    }

    /** The CSRF token of the cookie's session, or null when the caller came by header. */
    public String csrf(RoutingContext ctx) {
        return viaCookie(ctx) ? Passwords.csrfOf(ctx.request().getCookie(name).getValue()) : null;
    }

    /**
     * Whether a request by cookie may go on: reads always; a write only with the right
     * {@value #CSRF_HEADER} for {@code token}, compared in constant time.
     */
    public static boolean csrfOk(RoutingContext ctx, String token) {
        HttpMethod m = ctx.request().method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
            return true;
        }
        return Passwords.csrfMatches(ctx.request().getHeader(CSRF_HEADER), token);
    }

    /** Sets the cookie for a new session that ends at {@code expiresMs}. */
    public void issue(RoutingContext ctx, String token, long expiresMs) {
        long maxAge = Math.max(1, (expiresMs - System.currentTimeMillis()) / 1000);
        ctx.response().addCookie(Cookie.cookie(name, token).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge).setSecure(secure(ctx)));
    }

    /** Tells the browser to forget the cookie. */
    public void clear(RoutingContext ctx) {
        ctx.response().addCookie(Cookie.cookie(name, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT));
    }

    private static boolean secure(RoutingContext ctx) {
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
}
