package org.ssk.region.console;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.region.http.RegionRouter;
import org.ssk.webauth.LoginThrottle;
import org.ssk.webauth.SignInRoutes;

/**
 * Signing in to the region console, with the hub's handlers and rules ({@link SignInRoutes},
 * docs/security.md): {@code POST /api/v1/auth/login} {@code {"username","password","session":
 * "cookie"|"token"}}, {@code POST /api/v1/auth/logout}, {@code GET /api/v1/auth/me} (with the CSRF
 * token for a cookie session); and for every signed-in account {@code POST /api/v1/auth/password}
 * {@code {"old_password","new_password"}}: its own new password, the old one required (a wrong one
 * is a 400 and counts as a failed sign-in for {@link LoginThrottle}); the account's other sessions
 * end, this one stays. The accounts themselves: {@link AccountRoutes}. Passwords and tokens are
 * never logged.
 */
public final class ConsoleAuthRoutes {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAuthRoutes.class);
    static final long JSON_LIMIT_BYTES = 64 * 1024;

    /** The region's error shape ({@code {"error","message"}}) and lenient bodies (anything else reads as {}). */
    static final SignInRoutes.Answers ANSWERS = new SignInRoutes.Answers() {
        @Override
        public void error(RoutingContext ctx, int status, String code, String message) {
            RegionRouter.error(ctx, status, code, message);
        }

        @Override
        public void failed(RoutingContext ctx, Throwable e) {
            RegionRouter.failed(ctx, e);
        }

        @Override
        public JsonObject body(RoutingContext ctx) {
            return ConsoleAuthRoutes.body(ctx);
        }
    };

    private final RegionAccounts accounts;
    private final LoginThrottle throttle;
    private final ConsoleAuth auth;
    private final SignInRoutes signIn;

    public ConsoleAuthRoutes(RegionAccounts accounts, LoginThrottle throttle, ConsoleAuth auth) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.auth = auth;
        this.signIn = new SignInRoutes(new SignInRoutes.Store() {
            @Override
            public Optional<SignInRoutes.Issued> signIn(String username, char[] password) throws Exception {
                return accounts.login(username, password).map(s -> new SignInRoutes.Issued(s.token(), s.username(),
                        s.role().wireName(), s.expiresMs()));
            }

            @Override
            public boolean revoke(String token) throws Exception {
                return accounts.revoke(token);
            }
        }, throttle, ConsoleAuth.SESSION, ANSWERS, "region");
    }

    public void mount(Router router) {
        router.route("/api/v1/auth/*").handler(BodyHandler.create(false).setBodyLimit(JSON_LIMIT_BYTES));
        router.post("/api/v1/auth/login").handler(signIn::login);
        router.post("/api/v1/auth/logout").handler(signIn::logout);
        router.get("/api/v1/auth/me").handler(auth.need(null)).handler(ctx -> {
            RegionAccounts.Principal p = ConsoleAuth.principal(ctx).orElseThrow();
            signIn.me(ctx, new JsonObject().put("username", p.username()).put("role", p.role().wireName()));
        });
        router.post("/api/v1/auth/password").handler(auth.need(null)).handler(this::ownPassword);
        new AccountRoutes(accounts).mount(router, auth);
    }

    private void ownPassword(RoutingContext ctx) {
        JsonObject b = body(ctx);
        String user = who(ctx);
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        long wait = throttle.waitMs(user, address);
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString((wait + 999) / 1000));
            RegionRouter.error(ctx, 429, "too_many_attempts", "too many wrong passwords; try again in "
                    + ((wait + 999) / 1000) + " s");
            return;
        }
        String token = ConsoleAuth.presentedToken(ctx);
        ctx.vertx().executeBlocking(() -> {
            char[] old = string(b, "old_password").toCharArray();
            char[] fresh = string(b, "new_password").toCharArray();
            try {
                return accounts.changeOwnPassword(user, old, fresh, token);
            } finally {
                Arrays.fill(old, '\0');
                Arrays.fill(fresh, '\0');
            }
        }, false).onFailure(e -> RegionRouter.failed(ctx, e)).onSuccess(ok -> {
            if (!ok) {
                throttle.failed(user, address);
                RegionRouter.error(ctx, 400, "wrong_password", "the old password is wrong");
                return;
            }
            log.info("region user {} changed their password", user);
            ctx.response().setStatusCode(204).end();
        });
    }

    static String who(RoutingContext ctx) {
        return ConsoleAuth.principal(ctx).map(RegionAccounts.Principal::username).orElse("?");
    }

    static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject b = ctx.body().asJsonObject();
            return b == null ? new JsonObject() : b;
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    static String string(JsonObject b, String field) {
        if (!(b.getValue(field) instanceof String s)) {
            throw new IllegalArgumentException(field + ": a string is required");
        }
        return s;
    }
}
