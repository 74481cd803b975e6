package org.ssk.region.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.region.http.RegionRouter;

/**
 * The region console's accounts, region-admin only (a region-viewer gets 403; a cookie session
 * must echo its CSRF token on writes, {@link ConsoleAuth}):
 * <ul>
 *   <li>{@code GET /api/v1/users}: every account (name, role, created, disabled; never a hash);</li>
 *   <li>{@code POST /api/v1/users} {@code {"username","role","password"}}: a new account (201);</li>
 *   <li>{@code PATCH /api/v1/users/{name}} {@code {"role"?, "disabled"?}}: a new role and/or
 *       state; disabling ends the account's sessions;</li>
 *   <li>{@code POST /api/v1/users/{name}/password} {@code {"password"?}}: a reset, to the password
 *       typed or, without one, to a new random one answered once as {@code "password"}; every
 *       session of the account ends;</li>
 *   <li>{@code DELETE /api/v1/users/{name}}: the account and its sessions are gone (204).</li>
 * </ul>
 * No change may leave the region without an enabled region-admin: demoting, disabling or deleting
 * the last one is a 409 {@code last_admin}. 404 for an unknown name. Passwords are never logged.
 */
final class AccountRoutes {
    private static final Logger log = LoggerFactory.getLogger(AccountRoutes.class);

    private final RegionAccounts accounts;

    AccountRoutes(RegionAccounts accounts) {
        this.accounts = accounts;
    }

    void mount(Router router, ConsoleAuth auth) {
        router.route("/api/v1/users*").handler(BodyHandler.create(false)
                .setBodyLimit(ConsoleAuthRoutes.JSON_LIMIT_BYTES));
        router.route("/api/v1/users*").handler(auth.need(RegionRole.REGION_ADMIN));
        router.get("/api/v1/users").handler(ctx -> Blocking.json(ctx, 200, () -> {
            JsonArray out = new JsonArray();
            accounts.users().forEach(u -> out.add(new JsonObject().put("username", u.username())
                    .put("role", u.role().wireName()).put("created_ms", u.createdMs()).put("disabled", u.disabled())));
            return out;
        }));
        router.post("/api/v1/users").handler(ctx -> {
            JsonObject b = ConsoleAuthRoutes.body(ctx);
            Blocking.json(ctx, 201, () -> {
                String name = ConsoleAuthRoutes.string(b, "username");
                RegionRole role = RegionRole.parse(ConsoleAuthRoutes.string(b, "role"));
                accounts.createUser(name, role, ConsoleAuthRoutes.string(b, "password").toCharArray());
                log.info("region user {} ({}) created by {}", name, role.wireName(), ConsoleAuthRoutes.who(ctx));
                return new JsonObject().put("username", name).put("role", role.wireName());
            });
        });
        router.patch("/api/v1/users/:name").handler(ctx -> {
            JsonObject b = ConsoleAuthRoutes.body(ctx);
            String name = ctx.pathParam("name");
            Blocking.json(ctx, 200, () -> {
                RegionRole role = b.containsKey("role") ? RegionRole.parse(ConsoleAuthRoutes.string(b, "role")) : null;
                Boolean disabled = null;
                if (b.containsKey("disabled")) {
                    if (!(b.getValue("disabled") instanceof Boolean d)) {
                        throw new IllegalArgumentException("disabled: true or false");
                    }
                    disabled = d;
                }
                if (role == null && disabled == null) {
                    throw new IllegalArgumentException("nothing to change: send role and/or disabled");
                }
                if (!accounts.update(name, role, disabled)) {
                    return null;
                }
                log.info("region user {} changed by {} (role {}, disabled {})", name, ConsoleAuthRoutes.who(ctx),
                        role == null ? "kept" : role.wireName(), disabled == null ? "kept" : disabled);
                JsonObject out = new JsonObject().put("username", name);
                if (role != null) {
                    out.put("role", role.wireName());
                }
                return disabled == null ? out : out.put("disabled", disabled);
            });
        });
        router.post("/api/v1/users/:name/password").handler(ctx -> {
            JsonObject b = ConsoleAuthRoutes.body(ctx);
            String name = ctx.pathParam("name");
            Blocking.json(ctx, 200, () -> {
                boolean typed = b.getValue("password") != null;
                char[] password = typed ? ConsoleAuthRoutes.string(b, "password").toCharArray()
                        : accounts.generatePassword().toCharArray();
                try {
                    if (!accounts.resetPassword(name, password)) {
                        return null;
                    }
                    log.info("password of region user {} reset by {}", name, ConsoleAuthRoutes.who(ctx));
                    JsonObject out = new JsonObject().put("username", name).put("sessions_ended", true);
                    return typed ? out : out.put("password", new String(password));
                } finally {
                    Arrays.fill(password, '\0');
                }
            });
        });
        router.delete("/api/v1/users/:name").handler(ctx -> {
            String name = ctx.pathParam("name");
            ctx.vertx().executeBlocking(() -> accounts.delete(name), false)
                    .onFailure(e -> RegionRouter.failed(ctx, e)).onSuccess(found -> {
                        if (!found) {
                            RegionRouter.error(ctx, 404, "not_found", "no user " + name);
                            return;
                        }
                        log.info("region user {} deleted by {}", name, ConsoleAuthRoutes.who(ctx));
                        ctx.response().setStatusCode(204).end();
                    });
        });
    }
}
