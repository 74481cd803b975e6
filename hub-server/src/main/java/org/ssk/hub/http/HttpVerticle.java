package org.ssk.hub.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
    private volatile int port;
    private HttpServer server;
    private KioskPush push;
    private MessageConsumer<ShelfNotice> notices;
    private MessageConsumer<ShelfNotice> stored;

    public HttpVerticle(String host, int port, Supplier<KioskCatalog> catalog, LinkState broker, LedgerView ledger,
                        PrometheusMeterRegistry metrics, List<ApiRoutes> extra, org.ssk.hub.auth.Accounts accounts) {
        this.host = host;
        this.requestedPort = port;
        this.catalog = catalog;
        this.broker = broker;
        this.ledger = ledger;
        this.metrics = metrics;
        this.extra = List.copyOf(extra);
        this.accounts = accounts;
    }

    @Override
    public Future<?> start() {
        push = new KioskPush(vertx, catalog, metrics);
        push.start();
        notices = vertx.eventBus().consumer(ShelfNotice.ADDRESS, m -> push.onNotice(m.body()));
        stored = vertx.eventBus().consumer(ShelfNotice.EVENTS_ADDRESS, m -> push.onNotice(m.body()));
        var router = RouterFactory.create(vertx, new RouterFactory.Deps(catalog, push, broker, ledger, metrics, extra,
                accounts));
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort)
                .setCompressionSupported(true));
        return Future.all(notices.completion(), stored.completion())
                .compose(v -> server.requestHandler(router).listen())
                .onSuccess(s -> port = s.actualPort());
    }

    @Override
    public Future<?> stop() {
        push.stop();
        return Future.all(notices.unregister(), stored.unregister(), server.close());
    }

    /** The bound port; valid once deployed. */
    public int port() {
        return port;
    }
}
