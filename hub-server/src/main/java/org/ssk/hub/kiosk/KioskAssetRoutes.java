package org.ssk.hub.kiosk;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;

/**
 * Files the kiosk pages need besides the pages themselves, all from the hub's own disk:
 * {@code GET /assets/fonts/{name}.otf} (the {@link KioskFonts}, cached a year by browsers: a
 * name's content only changes with the fonts package) and {@code GET /media/*} (product videos
 * and photos dropped in the media folder, with byte ranges so a video can seek, cached a day).
 * A font that is not installed answers 404 and the pages fall back to the system's fonts.
 */
public final class KioskAssetRoutes implements ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(KioskAssetRoutes.class);
    static final String FONT_CACHE = "public, max-age=31536000, immutable";
    static final long MEDIA_MAX_AGE_S = 86_400;

    private final KioskFonts fonts;
    private final Path mediaDir;

    public KioskAssetRoutes(KioskFonts fonts, Path mediaDir) {
        this.fonts = fonts;
        this.mediaDir = mediaDir.toAbsolutePath();
        if (fonts.available().isEmpty()) {
            log.warn("no Noto CJK fonts in {}: kiosks use their own fonts (apt-get install fonts-noto-cjk)",
                    fonts.dir());
        }
    }

    @Override
    public void mount(Router router) {
        router.get("/assets/fonts/:file").handler(this::font);
        router.route("/media/*").handler(ctx -> {
            if (!Files.isDirectory(mediaDir)) {
                // The data path stays on the hub: a visitor's page learns nothing of its disk.
                ctx.fail(ApiError.notFound("no product media on this hub (the data directory has no media folder)"));
                return;
            }
            ctx.next();
        });
        router.route("/media/*").handler(StaticHandler.create(FileSystemAccess.ROOT, mediaDir.toString())
                .setMaxAgeSeconds(MEDIA_MAX_AGE_S).setDirectoryListing(false));
    }

    private void font(RoutingContext ctx) {
        String name = ctx.pathParam("file");
        if (!KioskFonts.known(name)) {
            ctx.fail(ApiError.notFound("no font " + name + "; served: " + KioskFonts.FACES.keySet()));
            return;
        }
        String asked = ctx.request().getHeader("if-none-match");
        ctx.vertx().executeBlocking(() -> {
            var tag = fonts.etag(name);
            if (tag.isPresent() && tag.get().equals(asked)) {
                return new KioskFonts.Font(null, tag.get());
            }
            return fonts.read(name).orElse(null);
        }, false).onFailure(ctx::fail).onSuccess(font -> {
            if (font == null) {
                ctx.fail(ApiError.notFound(name + " is not installed on the hub (apt-get install fonts-noto-cjk)"));
                return;
            }
            var r = ctx.response().putHeader("cache-control", FONT_CACHE).putHeader("etag", font.etag());
            if (font.bytes() == null) {
                r.setStatusCode(304).end();
            } else {
                r.putHeader("content-type", "font/otf").end(Buffer.buffer(font.bytes()));
            }
        });
    }
}
