package org.ssk.hub.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.function.Supplier;
import org.ssk.hub.region.RegionLink;
import org.ssk.hub.region.RegionUploader;

/**
 * The upload to the region as the console's dashboard shows it (operators and admins):
 * {@code GET /api/v1/region/upload} → {@code {"enabled":false}} without a region, else
 * {@code {"enabled":true,"center_id","region_host","uploading","lag_entries","lag_seconds",
 * "last_contact_ms","last_error","lag_alert_entries","lag_alert_seconds"}}. {@code uploading}
 * is false when this hub's storage keeps no ledger chain to upload; {@code last_contact_ms} is
 * when the region last confirmed where it stands (null: not since start). With a region, also
 * {@code "certified":{"version","last_contact_ms","last_error"}}: the certified-product list held
 * (version null: none fetched yet), when the region last answered a fetch, and why the last one
 * failed (null: it did not); {@code "certified":null} when no fetcher runs. The upload secret and
 * the URL's path never leave the hub.
 */
public final class RegionRoutes implements ApiRoutes {
    private final RegionLink link;
    private final Supplier<RegionUploader.Status> status;
    private final Supplier<org.ssk.hub.region.CertifiedFetcher.Status> certified;

    /** {@code status} answers null when no uploader runs; no certified-list fetcher. */
    public RegionRoutes(RegionLink link, Supplier<RegionUploader.Status> status) {
        this(link, status, () -> null);
    }

    /** {@code certified} answers null when no certified-list fetcher runs. */
    public RegionRoutes(RegionLink link, Supplier<RegionUploader.Status> status,
                        Supplier<org.ssk.hub.region.CertifiedFetcher.Status> certified) {
        this.link = link;
        this.status = status;
        this.certified = certified;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/region/upload").handler(this::upload);
    }

    /** What the endpoint answers now. */
    public JsonObject describe() {
        if (link == null || !link.enabled()) {
            return new JsonObject().put("enabled", false);
        }
        RegionUploader.Status s = status.get();
        JsonObject o = new JsonObject().put("enabled", true).put("center_id", link.centerId())
                .put("region_host", host(link.url())).put("uploading", s != null)
                .put("lag_alert_entries", link.lagAlertEntries()).put("lag_alert_seconds", link.lagAlertSeconds());
        org.ssk.hub.region.CertifiedFetcher.Status c = certified.get();
        o.put("certified", c == null ? null : new JsonObject().put("version", c.version() < 0 ? null : c.version())
                .put("last_contact_ms", c.lastContactMs() == 0 ? null : c.lastContactMs())
                .put("last_error", c.lastError()));
        if (s == null) {
            return o.put("lag_entries", null).put("lag_seconds", null).put("last_contact_ms", null)
                    .put("last_error", "此存储不保存台账链 this hub's storage keeps no ledger chain to upload");
        }
        return o.put("lag_entries", s.lagEntries()).put("lag_seconds", s.lagSeconds())
                .put("last_contact_ms", s.lastContactMs() == 0 ? null : s.lastContactMs())
                .put("last_error", s.lastError());
    }

    private static String host(String url) {
        try {
            URI u = URI.create(url);
            return u.getHost() == null ? null : u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void upload(RoutingContext ctx) {
        Replies.json(ctx, 200, describe().encode());
    }
}
