package org.ssk.region.console;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
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
 * end, this one stays ({@link SignInRoutes#ownPassword}, the hub's handler too). The accounts themselves: {@link AccountRoutes}. Passwords and tokens are
 * never logged.
 */
public final class ConsoleAuthRoutes {
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
    private final ConsoleAuth auth;
    private final SignInRoutes signIn;

    public ConsoleAuthRoutes(RegionAccounts accounts, LoginThrottle throttle, ConsoleAuth auth) {
        this.accounts = accounts;
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

            @Override
            public boolean changeOwnPassword(String username, char[] oldPassword, char[] newPassword,
                    String currentToken) throws Exception {
                return accounts.changeOwnPassword(username, oldPassword, newPassword, currentToken);
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
        router.post("/api/v1/auth/password").handler(auth.need(null)).handler(ctx -> signIn.ownPassword(ctx, who(ctx)));
        new AccountRoutes(accounts).mount(router, auth);
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
