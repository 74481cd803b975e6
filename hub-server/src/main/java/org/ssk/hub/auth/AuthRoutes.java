package org.ssk.hub.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.AuthHandler;
import org.ssk.hub.http.Replies;

/**
 * Signing in and managing who may sign in (roles per route: {@link org.ssk.hub.http.Access}):
 * <ul>
 *   <li>{@code POST /api/v1/auth/login} {@code {"username","password","session":"cookie"|"token"}}:
 *       with {@code "cookie"} (the console and staff pages) the session goes into an HttpOnly,
 *       SameSite=Strict cookie and the answer carries the CSRF token to echo; otherwise the answer
 *       carries the bearer token. A presented old session is ended first (no session fixation).
 *       401 for a wrong name or password (one message for both, in the same time: an unknown name
 *       is checked against a dummy hash), 429 with {@code Retry-After} after too many failures
 *       ({@link LoginThrottle}), 415 for any body that is not {@code application/json};</li>
 *   <li>{@code POST /api/v1/auth/logout} (403 for a kiosk token: only an admin revokes it),
 *       {@code GET /api/v1/auth/me};</li>
 *   <li>admins: {@code GET|POST /api/v1/users}, {@code PATCH /api/v1/users/{name}} ({@code role},
 *       {@code disabled}, {@code password}); {@code GET|POST /api/v1/kiosk-tokens},
 *       {@code DELETE /api/v1/kiosk-tokens/{id}}; {@code GET /api/v1/shelf-credentials},
 *       {@code POST|DELETE /api/v1/shelves/{id}/credentials} (a new MQTT secret, shown once).</li>
 * </ul>
 * Passwords and tokens are never logged.
 */
public final class AuthRoutes implements ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);

    private final Accounts accounts;
    private final ShelfCredentials shelves;
    private final LoginThrottle throttle;

    public AuthRoutes(Accounts accounts, ShelfCredentials shelves, LoginThrottle throttle) {
        this.accounts = accounts;
        this.shelves = shelves;
        this.throttle = throttle;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/auth/login").handler(this::login);
        router.post("/api/v1/auth/logout").handler(this::logout);
        router.get("/api/v1/auth/me").handler(this::me);
        router.get("/api/v1/users").handler(ctx -> Replies.blocking(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            accounts.users().forEach(u -> out.add(new JsonObject().put("username", u.username())
                    .put("role", u.role().wireName()).put("created_ms", u.createdMs()).put("disabled", u.disabled())));
            return out;
        }));
        router.post("/api/v1/users").handler(this::createUser);
        router.patch("/api/v1/users/:name").handler(this::updateUser);
        router.get("/api/v1/kiosk-tokens").handler(ctx -> Replies.blocking(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            accounts.kioskTokens().forEach(t -> out.add(new JsonObject().put("id", t.id()).put("label", t.label())
                    .put("created_ms", t.createdMs()).put("shelf", t.shelf())));
            return out;
        }));
        router.post("/api/v1/kiosk-tokens").handler(ctx -> {
            JsonObject b = Replies.body(ctx);
            Replies.blocking(ctx, 201, () -> {
                String token = accounts.issueKioskToken(b.getString("label"), b.getString("shelf"));
                log.info("kiosk token of shelf {} issued for '{}' by {}", b.getString("shelf"), b.getString("label"),
                        Replies.who(ctx));
                return new JsonObject().put("token", token).put("label", b.getString("label"))
                        .put("shelf", b.getString("shelf"));
            });
        });
        router.delete("/api/v1/kiosk-tokens/:id").handler(ctx -> Replies.blocking(ctx, 200, () -> {
            if (!accounts.revokeKioskToken(ctx.pathParam("id"))) {
                throw ApiError.notFound("no valid kiosk token " + ctx.pathParam("id"));
            }
            return new JsonObject().put("revoked", true);
        }));
        router.get("/api/v1/shelf-credentials").handler(ctx -> Replies.blocking(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            shelves.list().forEach(e -> out.add(new JsonObject().put("shelf", e.shelf()).put("created_ms", e.createdMs())));
            return out;
        }));
        router.post("/api/v1/shelves/:shelf/credentials").handler(ctx -> Replies.blocking(ctx, 201, () -> {
            String secret = shelves.issue(ctx.pathParam("shelf"));
            log.info("MQTT credentials of shelf {} issued by {}", ctx.pathParam("shelf"), Replies.who(ctx));
            return new JsonObject().put("username", ctx.pathParam("shelf")).put("password", secret);
        }));
        router.delete("/api/v1/shelves/:shelf/credentials").handler(ctx -> Replies.blocking(ctx, 200, () -> {
            if (!shelves.revoke(ctx.pathParam("shelf"))) {
                throw ApiError.notFound("shelf " + ctx.pathParam("shelf") + " has no credentials");
            }
            return new JsonObject().put("revoked", true);
        }));
    }

    private void login(RoutingContext ctx) {
        // Only JSON: a page on another site can post text/plain without asking (a "simple" request),
        // but a JSON content type needs a CORS preflight, which the hub never grants.
        String type = String.valueOf(ctx.request().getHeader("content-type")).toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            ctx.fail(new ApiError(415, "unsupported_media_type", "sign in with a JSON body (application/json)"));
            return;
        }
        JsonObject b = Replies.body(ctx);
        String user = b.getValue("username") instanceof String s ? s : "";
        String password = b.getValue("password") instanceof String s ? s : "";
        boolean cookie = "cookie".equals(b.getValue("session"));
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        long wait = throttle.waitMs(user, address);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString((wait + 999) / 1000));
            ctx.fail(new ApiError(429, "too_many_attempts", "too many failed sign-ins; try again in "
                    + ((wait + 999) / 1000) + " s"));
            return;
        }
        String old = AuthHandler.presentedToken(ctx);
        ctx.vertx().executeBlocking(() -> {
            var session = accounts.login(user, password.toCharArray());
            if (session.isPresent() && old != null) {
                // A session presented while signing in (perhaps planted) ends: only the new one is valid.
                accounts.revoke(old);
            }
            return session;
        }, false).onFailure(ctx::fail).onSuccess(s -> {
            if (s.isEmpty()) {
                throttle.failed(user, address);
                log.info("failed sign-in for user '{}' from {}", abbreviate(user), address);
                ctx.fail(new ApiError(401, "unauthorized", "wrong user name or password"));
                return;
            }
            throttle.succeeded(user, address);
            Accounts.Session session = s.get();
            JsonObject out = new JsonObject().put("username", session.username())
                    .put("role", session.role().wireName()).put("expires_ms", session.expiresMs());
            if (cookie) {
                long maxAge = Math.max(1, (session.expiresMs() - System.currentTimeMillis()) / 1000);
                ctx.response().addCookie(Cookie.cookie(AuthHandler.COOKIE, session.token()).setPath("/")
                        .setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge)
                        .setSecure(secure(ctx)));
                out.put("csrf", Accounts.csrfOf(session.token()));
            } else {
                out.put("token", session.token());
            }
            log.info("user {} signed in from {}", session.username(), address);
            Replies.json(ctx, 200, out);
        });
    }

    private void logout(RoutingContext ctx) {
        if (AuthHandler.principal(ctx).filter(Accounts.Principal::readOnly).isPresent()) {
            // A visitor at the screen must not be able to end the display's token; admins revoke it.
            ctx.fail(new ApiError(403, "forbidden", "a kiosk token cannot sign out; an admin revokes it"
                    + " (DELETE /api/v1/kiosk-tokens/{id})"));
            return;
        }
        String token = AuthHandler.presentedToken(ctx);
        ctx.response().addCookie(Cookie.cookie(AuthHandler.COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT));
        if (token == null) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        ctx.vertx().executeBlocking(() -> accounts.revoke(token), false).onFailure(ctx::fail)
                .onSuccess(ok -> ctx.response().setStatusCode(204).end());
    }

    private void me(RoutingContext ctx) {
        Accounts.Principal p = AuthHandler.principal(ctx).orElseThrow();
        JsonObject out = new JsonObject().put("username", p.username()).put("role", p.role().wireName())
                .put("label", p.label());
        if (ctx.request().getHeader("Authorization") == null && ctx.request().getCookie(AuthHandler.COOKIE) != null) {
            out.put("csrf", Accounts.csrfOf(ctx.request().getCookie(AuthHandler.COOKIE).getValue()));
        }
        Replies.json(ctx, 200, out);
    }

    private void createUser(RoutingContext ctx) {
        JsonObject b = Replies.body(ctx);
        Replies.blocking(ctx, 201, () -> {
            String name = string(b, "username");
            Role role = Role.parse(string(b, "role"));
            accounts.createUser(name, role, string(b, "password").toCharArray());
            log.info("user {} ({}) created by {}", name, role.wireName(), Replies.who(ctx));
            return new JsonObject().put("username", name).put("role", role.wireName());
        });
    }

    private void updateUser(RoutingContext ctx) {
        JsonObject b = Replies.body(ctx);
        Replies.blocking(ctx, 200, () -> {
            Role role = b.containsKey("role") ? Role.parse(string(b, "role")) : null;
            Boolean disabled = b.containsKey("disabled") ? b.getValue("disabled") instanceof Boolean d ? d : bad("disabled")
                    : null;
            char[] password = b.containsKey("password") ? string(b, "password").toCharArray() : null;
            if (!accounts.updateUser(ctx.pathParam("name"), role, disabled, password)) {
                throw ApiError.notFound("no user " + abbreviate(ctx.pathParam("name")));
            }
            log.info("user {} changed by {}", ctx.pathParam("name"), Replies.who(ctx));
            return new JsonObject().put("username", ctx.pathParam("name")).put("updated", true);
        });
    }

    private static Boolean bad(String field) {
        throw ApiError.badRequest(field + ": expected true or false");
    }

    private static String string(JsonObject b, String field) {
        if (!(b.getValue(field) instanceof String s)) {
            throw ApiError.badRequest(field + ": a string is required");
        }
        return s;
    }

    private static boolean secure(RoutingContext ctx) {
        return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
