package org.ssk.region.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.auth.LoginThrottle;
import org.ssk.hub.auth.Passwords;
import org.ssk.region.http.RegionRouter;

/**
 * Signing in to the region console and managing its accounts, with the hub's rules
 * (docs/security.md): {@code POST /api/v1/auth/login} {@code {"username","password","session":
 * "cookie"|"token"}} (JSON only, else 415; one answer and one bcrypt verification for a wrong name
 * or password, 401; {@link LoginThrottle} waits, 429 with {@code Retry-After}, never a lock-out;
 * a presented old session ends: no fixation); {@code POST /api/v1/auth/logout};
 * {@code GET /api/v1/auth/me} (with the CSRF token for a cookie session); region-admin only:
 * {@code GET|POST /api/v1/users}, {@code PATCH /api/v1/users/{name}} {@code {"disabled"}}.
 * Passwords and tokens are never logged.
 */
public final class ConsoleAuthRoutes {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAuthRoutes.class);
    private static final long JSON_LIMIT_BYTES = 64 * 1024;

    private final RegionAccounts accounts;
    private final LoginThrottle throttle;
    private final ConsoleAuth auth;

    public ConsoleAuthRoutes(RegionAccounts accounts, LoginThrottle throttle, ConsoleAuth auth) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.auth = auth;
    }

    public void mount(Router router) {
        router.route("/api/v1/auth/*").handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT_BYTES));
        router.route("/api/v1/users*").handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT_BYTES));
        router.post("/api/v1/auth/login").handler(this::login);
        router.post("/api/v1/auth/logout").handler(this::logout);
        router.get("/api/v1/auth/me").handler(auth.need(null)).handler(this::me);
        router.route("/api/v1/users*").handler(auth.need(RegionRole.REGION_ADMIN));
        router.get("/api/v1/users").handler(ctx -> Blocking.json(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            accounts.users().forEach(u -> out.add(new JsonObject().put("username", u.username())
                    .put("role", u.role().wireName()).put("created_ms", u.createdMs()).put("disabled", u.disabled())));
            return out;
        }));
        router.post("/api/v1/users").handler(ctx -> {
            JsonObject b = body(ctx);
            Blocking.json(ctx, 201, () -> {
                String name = string(b, "username");
                RegionRole role = RegionRole.parse(string(b, "role"));
                accounts.createUser(name, role, string(b, "password").toCharArray());
                log.info("region user {} ({}) created by {}", name, role.wireName(), who(ctx));
                return new JsonObject().put("username", name).put("role", role.wireName());
            });
        });
        router.patch("/api/v1/users/:name").handler(ctx -> {
            JsonObject b = body(ctx);
            Blocking.json(ctx, 200, () -> {
                if (!(b.getValue("disabled") instanceof Boolean d)) {
                    throw new IllegalArgumentException("disabled: true or false");
                }
                if (!accounts.setDisabled(ctx.pathParam("name"), d)) {
                    return null;
                }
                log.info("region user {} {} by {}", ctx.pathParam("name"), d ? "disabled" : "enabled", who(ctx));
                return new JsonObject().put("username", ctx.pathParam("name")).put("disabled", d);
            });
        });
    }

    private void login(RoutingContext ctx) {
        // Only JSON: another site's page may post text/plain without asking, but a JSON body needs
        // a CORS preflight, which the region never grants.
        String type = String.valueOf(ctx.request().getHeader("content-type")).toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            RegionRouter.error(ctx, 415, "unsupported_media_type", "sign in with a JSON body (application/json)");
            return;
        }
        JsonObject b = body(ctx);
        String user = b.getValue("username") instanceof String s ? s : "";
        String password = b.getValue("password") instanceof String s ? s : "";
        boolean cookie = "cookie".equals(b.getValue("session"));
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        long wait = throttle.waitMs(user, address);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString((wait + 999) / 1000));
            RegionRouter.error(ctx, 429, "too_many_attempts", "too many failed sign-ins; try again in "
                    + ((wait + 999) / 1000) + " s");
            return;
        }
        String old = ConsoleAuth.presentedToken(ctx);
        ctx.vertx().executeBlocking(() -> {
            var session = accounts.login(user, password.toCharArray());
            if (session.isPresent() && old != null) {
                accounts.revoke(old);
            }
            return session;
        }, false).onFailure(e -> RegionRouter.failed(ctx, e)).onSuccess(s -> {
            if (s.isEmpty()) {
                throttle.failed(user, address);
                log.info("failed region sign-in for '{}' from {}", user.length() > 40 ? user.substring(0, 40) : user,
                        address);
                RegionRouter.error(ctx, 401, "unauthorized", "wrong user name or password");
                return;
            }
            throttle.succeeded(user, address);
            RegionAccounts.Session session = s.get();
            JsonObject out = new JsonObject().put("username", session.username())
                    .put("role", session.role().wireName()).put("expires_ms", session.expiresMs());
            if (cookie) {
                long maxAge = Math.max(1, (session.expiresMs() - System.currentTimeMillis()) / 1000);
                ctx.response().addCookie(Cookie.cookie(ConsoleAuth.COOKIE, session.token()).setPath("/")
                        .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge)
                        .setSecure(secure(ctx)));
                out.put("csrf", Passwords.csrfOf(session.token()));
            } else {
                out.put("token", session.token());
            }
            log.info("region user {} signed in from {}", session.username(), address);
            ctx.response().putHeader("content-type", "application/json").end(out.encode());
        });
    }

    private void logout(RoutingContext ctx) {
        String token = ConsoleAuth.presentedToken(ctx);
        ctx.response().addCookie(Cookie.cookie(ConsoleAuth.COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT));
        if (token == null) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        ctx.vertx().executeBlocking(() -> accounts.revoke(token), false)
                .onFailure(e -> RegionRouter.failed(ctx, e))
                .onSuccess(ok -> ctx.response().setStatusCode(204).end());
    }

    private void me(RoutingContext ctx) {
        RegionAccounts.Principal p = ConsoleAuth.principal(ctx).orElseThrow();
        JsonObject out = new JsonObject().put("username", p.username()).put("role", p.role().wireName());
        if (ConsoleAuth.viaCookie(ctx)) {
            out.put("csrf", Passwords.csrfOf(ctx.request().getCookie(ConsoleAuth.COOKIE).getValue()));
        }
        ctx.response().putHeader("content-type", "application/json").end(out.encode());
    }

    static String who(RoutingContext ctx) {
        return ConsoleAuth.principal(ctx).map(RegionAccounts.Principal::username).orElse("?");
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject b = ctx.body().asJsonObject();
            return b == null ? new JsonObject() : b;
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private static String string(JsonObject b, String field) {
        if (!(b.getValue(field) instanceof String s)) {
            throw new IllegalArgumentException(field + ": a string is required");
        }
        return s;
    }

    private static boolean secure(RoutingContext ctx) {
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }
}
