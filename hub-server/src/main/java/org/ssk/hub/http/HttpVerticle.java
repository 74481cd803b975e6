package org.ssk.hub.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.function.Supplier;
import org.ssk.hub.ingest.LinkState;
import org.ssk.hub.ingest.ShelfNotice;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.kiosk.KioskPush;

/**
 * The HTTP and WebSocket edge of the hub: serves the router of {@link RouterFactory} and feeds the
 * kiosk sockets from the {@link ShelfNotice}s the ingest verticle publishes. One instance; its
 * event loop owns the {@link KioskPush}. Port 0 binds a free port, read back with {@link #port()}.
 *
 * <p>With {@link Tls} the router is served over HTTPS on {@link Tls#httpsPort()} and the plain port
 * only answers {@code 308} to the same path over HTTPS (a 308 keeps the method and body), so a
 * password typed on a plain page never crosses the LAN; {@link org.ssk.webauth.SecurityHeaders} adds HSTS.
 */
public final class HttpVerticle extends VerticleBase {
    private final String host;
    private final int requestedPort;
    private final Supplier<KioskCatalog> catalog;
    private final LinkState broker;
    private final LedgerView ledger;
    private final PrometheusMeterRegistry metrics;
    private final List<ApiRoutes> extra;
    private final org.ssk.hub.auth.Accounts accounts;
    private final Tls tls;
    private volatile int port;
    private volatile int httpsPort;
    private HttpServer server;
    private HttpServer redirect;
    private KioskPush push;
    private MessageConsumer<ShelfNotice> notices;
    private MessageConsumer<ShelfNotice> stored;

    public HttpVerticle(String host, int port, Supplier<KioskCatalog> catalog, LinkState broker, LedgerView ledger,
                        PrometheusMeterRegistry metrics, List<ApiRoutes> extra, org.ssk.hub.auth.Accounts accounts,
                        Tls tls) {
        this.host = host;
        this.requestedPort = port;
        this.catalog = catalog;
        this.broker = broker;
        this.ledger = ledger;
        this.metrics = metrics;
        this.extra = List.copyOf(extra);
        this.accounts = accounts;
        this.tls = tls;
    }

    /** HTTPS from a PEM certificate (chain) and key, on {@code httpsPort} (0: any free port). */
    public record Tls(java.nio.file.Path cert, java.nio.file.Path key, int httpsPort) {
    }

    @Override
    public Future<?> start() {
        push = new KioskPush(vertx, catalog, metrics);
        push.start();
        notices = vertx.eventBus().consumer(ShelfNotice.ADDRESS, m -> push.onNotice(m.body()));
        stored = vertx.eventBus().consumer(ShelfNotice.EVENTS_ADDRESS, m -> push.onNotice(m.body()));
        var router = RouterFactory.create(vertx, new RouterFactory.Deps(catalog, push, broker, ledger, metrics, extra,
                accounts));
        if (tls == null) {
            server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort)
                    .setCompressionSupported(true));
            return Future.all(notices.completion(), stored.completion())
                    .compose(v -> server.requestHandler(router).listen())
                    .onSuccess(s -> port = s.actualPort());
        }
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(tls.httpsPort())
                .setCompressionSupported(true).setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString())));
        redirect = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort));
        return Future.all(notices.completion(), stored.completion())
                .compose(v -> server.requestHandler(router).listen())
                .onSuccess(s -> httpsPort = s.actualPort())
                .compose(s -> redirect.requestHandler(this::toHttps).listen())
                .onSuccess(s -> port = s.actualPort());
    }

    /** 308 to the same host, path and query over HTTPS. */
    private void toHttps(HttpServerRequest req) {
        String host = req.authority() == null ? "localhost" : req.authority().host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        req.response().setStatusCode(308).putHeader("Location", "https://" + host + ":" + httpsPort + req.uri())
                .putHeader("Cache-Control", "no-store").end();
    }

    @Override
    public Future<?> stop() {
        push.stop();
        return Future.all(notices.unregister(), stored.unregister(), server.close(),
                redirect == null ? Future.succeededFuture() : redirect.close());
    }

    /** The bound plain HTTP port (redirecting when TLS is on); valid once deployed. */
    public int port() {
        return port;
    }

    /** The bound HTTPS port, 0 without TLS; valid once deployed. */
    public int httpsPort() {
        return httpsPort;
    }
}
