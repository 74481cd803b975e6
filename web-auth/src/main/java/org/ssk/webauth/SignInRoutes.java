package org.ssk.webauth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON sign-in, sign-out and who-am-I handlers of a console, the same at the hub and the
 * region (docs/security.md), over any account store ({@link Store}):
 * <ul>
 *   <li>{@link #login}: {@code {"username","password","session":"cookie"|"token"}}, JSON only (415
 *       otherwise: another site's page may post text/plain without asking, but a JSON body needs a
 *       CORS preflight, which neither server grants); one answer (401) for a wrong name or password,
 *       in the time of one bcrypt verification either way (the store's part); {@link LoginThrottle}
 *       waits (429 with {@code Retry-After}), never a lock-out; a presented old session ends (no
 *       fixation). With {@code "cookie"} the session goes into the {@link SessionCookie} and the
 *       answer carries the CSRF token to echo, otherwise the bearer token;</li>
 *   <li>{@link #logout}: ends the presented session and clears the cookie (204);</li>
 *   <li>{@link #me}: who is signed in, plus the CSRF token for a cookie session;</li>
 *   <li>{@link #ownPassword}: {@code {"old_password","new_password"}}, the signed-in account's own new
 *       password, the old one required (a wrong one is a 400 {@code wrong_password} and counts as a
 *       failed sign-in for the {@link LoginThrottle}: 429 after too many); the account's other
 *       sessions end, the presented one stays (204).</li>
 * </ul>
 * Each server keeps its own error format and body parsing ({@link Answers}). Passwords and tokens
 * are never logged. Stateless apart from the throttle; thread-safe.
 */
public final class SignInRoutes {
    private static final Logger log = LoggerFactory.getLogger(SignInRoutes.class);

    /** A fresh session of an account; {@code role} as its wire name. */
    public record Issued(String token, String username, String role, long expiresMs) {
    }

    /** Where sessions come from: blocking calls, run on a worker thread. */
    public interface Store {
        /** A session for the right password of an enabled account; empty otherwise. */
        Optional<Issued> signIn(String username, char[] password) throws Exception;

        /** Ends a session; true when it was valid. */
        boolean revoke(String token) throws Exception;

        /**
         * {@code username}'s own new password (checked by the store's rules), given the old one;
         * every session of the account but {@code currentToken}'s ends. False when the old password
         * is wrong (or the account gone or disabled).
         */
        boolean changeOwnPassword(String username, char[] oldPassword, char[] newPassword, String currentToken)
                throws Exception;
    }

    /** How the server answers: its JSON error shape, its failure path and its body parsing. */
    public interface Answers {
        void error(RoutingContext ctx, int status, String code, String message);

        void failed(RoutingContext ctx, Throwable e);

        /** The request's JSON object body (a server may answer 400 for anything else, or read it as empty). */
        JsonObject body(RoutingContext ctx);
    }

    private final Store store;
    private final LoginThrottle throttle;
    private final SessionCookie cookie;
    private final Answers answers;
    private final String realm;

    /** {@code realm}: what the log calls this console ("hub", "region"). */
    public SignInRoutes(Store store, LoginThrottle throttle, SessionCookie cookie, Answers answers, String realm) {
        this.store = store;
        this.throttle = throttle;
        this.cookie = cookie;
        this.answers = answers;
        this.realm = realm;
    }

    public SessionCookie cookie() {
        return cookie;
    }

    public void login(RoutingContext ctx) {
        String type = String.valueOf(ctx.request().getHeader("content-type")).toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.startsWith("application/json;")) {
            answers.error(ctx, 415, "unsupported_media_type", "sign in with a JSON body (application/json)");
            return;
        }
        JsonObject b = answers.body(ctx);
        String user = b.getValue("username") instanceof String s ? s : "";
        String password = b.getValue("password") instanceof String s ? s : "";
        boolean byCookie = "cookie".equals(b.getValue("session"));
        String address = address(ctx);
        if (throttled(ctx, user, address, "too many failed sign-ins")) {
            return;
        }
        String old = cookie.presentedToken(ctx);
        ctx.vertx().executeBlocking(() -> {
            Optional<Issued> session = store.signIn(user, password.toCharArray());
            if (session.isPresent() && old != null) {
                // A session presented while signing in (perhaps planted) ends: only the new one is valid.
                store.revoke(old);
            }
            return session;
        }, false).onFailure(e -> answers.failed(ctx, e)).onSuccess(s -> {
            if (s.isEmpty()) {
                throttle.failed(user, address);
                log.info("failed sign-in for {} user '{}' from {}", realm, abbreviate(user), address);
                answers.error(ctx, 401, "unauthorized", "wrong user name or password");
                return;
            }
            throttle.succeeded(user, address);
            Issued session = s.get();
            JsonObject out = new JsonObject().put("username", session.username()).put("role", session.role())
                    .put("expires_ms", session.expiresMs());
            if (byCookie) {
                cookie.issue(ctx, session.token(), session.expiresMs());
                out.put("csrf", Passwords.csrfOf(session.token()));
            } else {
                out.put("token", session.token());
            }
            log.info("{} user {} signed in from {}", realm, session.username(), address);
            json(ctx, out);
        });
    }

    public void logout(RoutingContext ctx) {
        String token = cookie.presentedToken(ctx);
        cookie.clear(ctx);
        if (token == null) {
            ctx.response().setStatusCode(204).end();
            return;
        }
        ctx.vertx().executeBlocking(() -> store.revoke(token), false).onFailure(e -> answers.failed(ctx, e))
                .onSuccess(ok -> ctx.response().setStatusCode(204).end());
    }

    /** Answers {@code who} (username, role, ...) with the CSRF token added for a cookie session. */
    public void me(RoutingContext ctx, JsonObject who) {
        String csrf = cookie.csrf(ctx);
        if (csrf != null) {
            who.put("csrf", csrf);
        }
        json(ctx, who);
    }

    /**
     * Changes the own password of {@code user}, the account signed in with the presented session
     * (the server's access check runs first; a kiosk token has no password to change).
     */
    public void ownPassword(RoutingContext ctx, String user) {
        JsonObject b = answers.body(ctx);
        String address = address(ctx);
        if (throttled(ctx, user, address, "too many wrong passwords")) {
            return;
        }
        if (!(b.getValue("old_password") instanceof String old) || !(b.getValue("new_password") instanceof String fresh)) {
            answers.error(ctx, 400, "bad_request", "old_password and new_password: strings are required");
            return;
        }
        String token = cookie.presentedToken(ctx);
        ctx.vertx().executeBlocking(() -> {
            char[] o = old.toCharArray();
            char[] f = fresh.toCharArray();
            try {
                return store.changeOwnPassword(user, o, f, token);
            } finally {
                java.util.Arrays.fill(o, '\0');
                java.util.Arrays.fill(f, '\0');
            }
        }, false).onFailure(e -> answers.failed(ctx, e)).onSuccess(ok -> {
            if (!ok) {
                throttle.failed(user, address);
                log.info("{} user {} gave a wrong old password from {}", realm, abbreviate(user), address);
                answers.error(ctx, 400, "wrong_password", "the old password is wrong");
                return;
            }
            log.info("{} user {} changed their password", realm, user);
            ctx.response().setStatusCode(204).end();
        });
    }

    /**
     * Answers 429 with {@code Retry-After} (and true) while the {@link LoginThrottle} holds back
     * {@code user} at {@code address}; {@code why} opens the message.
     */
    private boolean throttled(RoutingContext ctx, String user, String address, String why) {
        long wait = throttle.waitMs(user, address);
        if (wait <= 0) {
            return false;
        }
        long seconds = (wait + 999) / 1000;
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        answers.error(ctx, 429, "too_many_attempts", why + "; try again in " + seconds + " s");
        return true;
    }

    private static String address(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
