package org.ssk.hub.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import org.ssk.hub.Center;

/**
 * The center as its pages show it, for everyone (kiosks, console, staff):
 * <ul>
 *   <li>{@code GET /api/v1/center} → {@code {"name","name_en","time_zone","today","logo_url"}}: the
 *       pages format times and fill their date pickers in {@code time_zone}, the zone the hub's
 *       reports, ledger pages and exports count days in, whatever the browser's own zone;
 *       {@code logo_url} is null without a configured logo;</li>
 *   <li>{@code GET /api/v1/center/logo} → the configured logo file (404 without one).</li>
 * </ul>
 */
public final class CenterRoutes implements ApiRoutes {
    private final Center center;
    private final Clock clock;

    public CenterRoutes(Center center, Clock clock) {
        this.center = center;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/center").handler(this::center);
        router.get("/api/v1/center/logo").handler(this::logo);
    }

    /** The center's description as the pages read it, with today's date in its zone. */
    public JsonObject describe() {
        return new JsonObject().put("name", center.name()).put("name_en", center.nameEn())
                .put("time_zone", center.timeZone())
                .put("today", LocalDate.now(clock.withZone(center.zone())).toString())
                .put("logo_url", center.logo() == null ? null : "/api/v1/center/logo");
    }

    private void center(RoutingContext ctx) {
        ctx.response().putHeader("cache-control", "no-cache");
        Replies.json(ctx, 200, describe().encode());
    }

    private void logo(RoutingContext ctx) {
        if (center.logo() == null) {
            ctx.fail(ApiError.notFound("no logo is configured (center.logo)"));
            return;
        }
        String file = center.logo();
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        String type = lower.endsWith(".svg") ? "image/svg+xml" : lower.endsWith(".png") ? "image/png" : "image/jpeg";
        ctx.response().putHeader("content-type", type).putHeader("cache-control", "max-age=3600")
                .putHeader("x-content-type-options", "nosniff");
        if (type.equals("image/svg+xml")) {
            // An SVG is shown as an image; scripts in it must never run in the hub's origin.
            ctx.response().putHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
        }
        ctx.response().sendFile(Path.of(file).toAbsolutePath().toString()).onFailure(ctx::fail);
    }
}
