package org.ssk.webauth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The browser-side defences every answer of the hub and of the region carries, pages and API
 * alike, set first so no route can forget them:
 * <ul>
 *   <li>{@code Content-Security-Policy} {@value #CSP}: scripts and styles only from the hub's own
 *       files (no inline script, no {@code eval}, no inline {@code <style>} or {@code style=""}),
 *       so text that slips into a page cannot run; images and media from the hub or {@code https:}
 *       (catalog URLs are {@code https:} or same-origin); framed only by the hub's own pages (the
 *       virtual shelf shows the kiosk page in an iframe);</li>
 *   <li>{@code X-Frame-Options: SAMEORIGIN} for browsers without {@code frame-ancestors};</li>
 *   <li>{@code X-Content-Type-Options: nosniff}: an upload is never read as script or page;</li>
 *   <li>{@code Referrer-Policy: no-referrer}: kiosk URLs carry {@code ?token=}, and nothing of a
 *       hub URL leaves for another site;</li>
 *   <li>{@code Strict-Transport-Security} on answers over TLS (one year), so a browser that once
 *       reached the hub over HTTPS never falls back to plain HTTP.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: https:; media-src 'self' https:; font-src 'self'; connect-src 'self';"
            + " frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'";
    public static final String HSTS = "max-age=31536000";

    @Override
    public void handle(RoutingContext ctx) {
        var h = ctx.response().headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "SAMEORIGIN");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        if (ctx.request().isSSL()) {
            h.set("Strict-Transport-Security", HSTS);
        }
        ctx.next();
    }
}
