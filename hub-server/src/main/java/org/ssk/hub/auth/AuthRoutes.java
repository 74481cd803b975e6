package org.ssk.hub.auth;

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
import org.ssk.webauth.LoginThrottle;
import org.ssk.webauth.SignInRoutes;

/**
 * Signing in (the handlers both consoles share: {@link SignInRoutes}) and managing who may sign in
 * (roles per route: {@link org.ssk.hub.http.Access}):
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
 *   <li>every signed-in person (not a kiosk token): {@code POST /api/v1/auth/password}
 *       {@code {"old_password","new_password"}}, their own new password, the old one required (a
 *       wrong one is a 400 {@code wrong_password} and counts as a failed sign-in for the
 *       {@link LoginThrottle}); their other sessions end, this one stays (204);</li>
 *   <li>admins: {@code GET|POST /api/v1/users}; {@code PATCH /api/v1/users/{name}}
 *       {@code {"role"?, "disabled"?}} (and {@code "password"?}, kept for older clients); a new
 *       role or disabling ends the account's sessions; {@code POST /api/v1/users/{name}/password}
 *       {@code {"password"?}}: a reset to the password typed or, without one, to a new random one
 *       answered once as {@code "password"}, every session of the account ending;
 *       {@code DELETE /api/v1/users/{name}} (204, its sessions gone with it);
 *       {@code GET|POST /api/v1/kiosk-tokens}, {@code DELETE /api/v1/kiosk-tokens/{id}};
 *       {@code GET /api/v1/shelf-credentials}, {@code POST|DELETE /api/v1/shelves/{id}/credentials}
 *       (a new MQTT secret, shown once).</li>
 * </ul>
 * No change of accounts may leave the hub without an enabled admin: demoting, disabling or deleting
 * the last one is a 409 {@code last_admin} (checked in the change's transaction, {@link Accounts}).
 * 404 for an unknown user name. Passwords and tokens are never logged.
 */
public final class AuthRoutes implements ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);

    private final Accounts accounts;
    private final ShelfCredentials shelves;
    private final SignInRoutes signIn;

    public AuthRoutes(Accounts accounts, ShelfCredentials shelves, LoginThrottle throttle) {
        this.accounts = accounts;
        this.shelves = shelves;
        this.signIn = new SignInRoutes(new SignInRoutes.Store() {
            @Override
            public java.util.Optional<SignInRoutes.Issued> signIn(String username, char[] password) throws Exception {
                return accounts.login(username, password).map(s -> new SignInRoutes.Issued(s.token(), s.username(),
                        s.role().wireName(), s.expiresMs()));
            }

            @Override
            public boolean revoke(String token) throws Exception {
                return accounts.revoke(token);
            }

            @Override
            public boolean changeOwnPassword(String username, char[] oldPassword, char[] newPassword,
                    String currentToken) throws Exception {
                return accounts.changeOwnPassword(username, oldPassword, newPassword, currentToken);
            }
        }, throttle, AuthHandler.SESSION, HUB_ANSWERS, "hub");
    }

    /** The hub's error shape ({@link ApiError} through the router's failure handler) and strict JSON bodies. */
    private static final SignInRoutes.Answers HUB_ANSWERS = new SignInRoutes.Answers() {
        @Override
        public void error(RoutingContext ctx, int status, String code, String message) {
            ctx.fail(new ApiError(status, code, message));
        }

        @Override
        public void failed(RoutingContext ctx, Throwable e) {
            ctx.fail(Replies.failure(e));
        }

        @Override
        public JsonObject body(RoutingContext ctx) {
            return Replies.body(ctx);
        }
    };

    @Override
    public void mount(Router router) {
        router.post("/api/v1/auth/login").handler(signIn::login);
        router.post("/api/v1/auth/logout").handler(this::logout);
        router.get("/api/v1/auth/me").handler(this::me);
        router.post("/api/v1/auth/password").handler(ctx -> signIn.ownPassword(ctx,
                AuthHandler.principal(ctx).orElseThrow().username()));
        router.get("/api/v1/users").handler(ctx -> Replies.blocking(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            accounts.users().forEach(u -> out.add(new JsonObject().put("username", u.username())
                    .put("role", u.role().wireName()).put("created_ms", u.createdMs()).put("disabled", u.disabled())));
            return out;
        }));
        router.post("/api/v1/users").handler(this::createUser);
        router.patch("/api/v1/users/:name").handler(this::updateUser);
        router.post("/api/v1/users/:name/password").handler(this::resetPassword);
        router.delete("/api/v1/users/:name").handler(this::deleteUser);
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

    private void logout(RoutingContext ctx) {
        if (AuthHandler.principal(ctx).filter(Accounts.Principal::readOnly).isPresent()) {
            // A visitor at the screen must not be able to end the display's token; admins revoke it.
            ctx.fail(new ApiError(403, "forbidden", "a kiosk token cannot sign out; an admin revokes it"
                    + " (DELETE /api/v1/kiosk-tokens/{id})"));
            return;
        }
        signIn.logout(ctx);
    }

    private void me(RoutingContext ctx) {
        Accounts.Principal p = AuthHandler.principal(ctx).orElseThrow();
        signIn.me(ctx, new JsonObject().put("username", p.username()).put("role", p.role().wireName())
                .put("label", p.label()));
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

    private void resetPassword(RoutingContext ctx) {
        // Without a body (or an empty one) the reset is to a generated password.
        var raw = ctx.body() == null ? null : ctx.body().buffer();
        JsonObject b = raw == null || raw.length() == 0 ? new JsonObject() : Replies.body(ctx);
        String name = ctx.pathParam("name");
        Replies.blocking(ctx, 200, () -> {
            boolean typed = b.getValue("password") != null;
            char[] password = typed ? string(b, "password").toCharArray() : accounts.generatePassword().toCharArray();
            try {
                if (!accounts.resetPassword(name, password)) {
                    throw ApiError.notFound("no user " + abbreviate(name));
                }
                log.info("password of user {} reset by {}", name, Replies.who(ctx));
                JsonObject out = new JsonObject().put("username", name).put("sessions_ended", true);
                return typed ? out : out.put("password", new String(password));
            } finally {
                java.util.Arrays.fill(password, '\0');
            }
        });
    }

    private void deleteUser(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        ctx.vertx().executeBlocking(() -> accounts.deleteUser(name), false)
                .onFailure(e -> ctx.fail(Replies.failure(e))).onSuccess(found -> {
                    if (!found) {
                        ctx.fail(ApiError.notFound("no user " + abbreviate(name)));
                        return;
                    }
                    log.info("user {} deleted by {}", name, Replies.who(ctx));
                    ctx.response().setStatusCode(204).end();
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

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
