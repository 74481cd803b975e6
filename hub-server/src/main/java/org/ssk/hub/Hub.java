package org.ssk.hub;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.broker.EmbeddedBroker;
import org.ssk.hub.broker.ShelfAccess;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.HttpVerticle;
import org.ssk.hub.ingest.IngestVerticle;
import org.ssk.hub.ingest.LedgerWriterVerticle;
import org.ssk.hub.ingest.LinkState;
import org.ssk.hub.ingest.ShelfNotice;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.kiosk.ShelfLayout;
import org.ssk.protocol.ShelfConfig;

/**
 * A running hub: the embedded broker (unless an external one is configured), one Vert.x instance
 * and its three verticles (ledger writer on a worker thread, HTTP/WebSocket, MQTT ingest), wired
 * over the local event bus. {@link #start} and {@link #close} block; call them from a plain thread
 * (main, a test), never from an event loop.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final long TIMEOUT_S = 30;

    private final HubConfig config;
    private final HubStorage storage;
    private final EmbeddedBroker broker;
    private final Vertx vertx;
    private final PrometheusMeterRegistry metrics;
    private final AtomicReference<KioskCatalog> catalog;
    private final int httpPort;
    private final int httpsPort;
    private final LinkState link;
    private final ShelfAccess access;
    private final org.ssk.hub.alert.AlertPublisher alerts;

    private Hub(HubConfig config, HubStorage storage, EmbeddedBroker broker, Vertx vertx,
                PrometheusMeterRegistry metrics, AtomicReference<KioskCatalog> catalog, int httpPort, int httpsPort,
                LinkState link, ShelfAccess access, org.ssk.hub.alert.AlertPublisher alerts) {
        this.config = config;
        this.storage = storage;
        this.broker = broker;
        this.vertx = vertx;
        this.metrics = metrics;
        this.catalog = catalog;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.link = link;
        this.access = access;
        this.alerts = alerts;
    }

    /**
     * Starts everything; on failure stops what was started and closes {@code storage}.
     *
     * @param extra optional route groups (the demo's virtual-shelf endpoints, …)
     */
    public static Hub start(HubConfig config, HubStorage storage, List<ApiRoutes> extra) throws Exception {
        config.validate();
        EmbeddedBroker broker = null;
        Vertx vertx = null;
        org.ssk.hub.alert.AlertPublisher alerts = null;
        try {
            PrivateFiles.directory(Path.of(config.dataDir()));
            AtomicReference<KioskCatalog> catalog = new AtomicReference<>(storage.loadKioskCatalog());
            ShelfAccess access = new ShelfAccess(storage.shelfSecrets());
            if (config.embeddedBroker()) {
                Path persist = config.brokerPersistence() == HubConfig.BrokerPersistence.FILE
                        ? Path.of(config.dataDir()).resolve("broker") : null;
                broker = EmbeddedBroker.start(config.httpHost(), config.mqttPort(), persist, access,
                        config.tls() ? Path.of(config.tlsCert()) : null, config.tls() ? Path.of(config.tlsKey()) : null);
            }
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            io.micrometer.core.instrument.FunctionCounter.builder("ssk_broker_refused_connects", access,
                    ShelfAccess::refusedConnects).description("MQTT CONNECTs the embedded broker refused")
                    .register(metrics);
            io.micrometer.core.instrument.FunctionCounter.builder("ssk_broker_refused_topics", access,
                    ShelfAccess::refusedTopics).description("publishes and subscriptions the embedded broker refused")
                    .register(metrics);
            vertx = Vertx.builder()
                    // Event-bus metrics are off: without per-address labels Vert.x registers one gauge
                    // per consumer under the same name (a warning per start); ingest has its own counters.
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.EVENT_BUS)))
                    .withMetrics(new MicrometerMetricsFactory(metrics))
                    .build();
            ShelfNotice.registerCodecs(vertx.eventBus());
            vertx.eventBus().<ShelfNotice>consumer(ShelfNotice.ADDRESS, m -> {
                if (m.body() instanceof ShelfNotice.Online o) {
                    storage.shelfOnline(o.shelf(), o.online());
                } else if (m.body() instanceof ShelfNotice.Heartbeat h) {
                    storage.shelfFaults(h.telemetry().shelf(), h.telemetry().faults());
                }
            });
            LedgerWriterVerticle.registerCodecs(vertx.eventBus());
            org.ssk.hub.ingest.LocalCodec.register(vertx.eventBus(), IngestVerticle.Send.class);
            org.ssk.hub.ingest.LocalCodec.register(vertx.eventBus(), IngestVerticle.Publish.class);
            alerts = new org.ssk.hub.alert.AlertPublisher(vertx, config.alertWebhookUrl(), metrics);
            storage.addAlertListener(alerts);

            LinkState link = new LinkState();
            await(vertx.deployVerticle(new LedgerWriterVerticle(storage.appender(), metrics),
                    new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
            org.ssk.hub.region.RegionUploader uploader = deployRegionUpload(vertx, config, storage, metrics);
            org.ssk.hub.region.CertifiedFetcher certified = deployCertifiedFetch(vertx, config, storage);
            ApiRoutes region = new org.ssk.hub.http.RegionRoutes(config.region(),
                    () -> uploader == null ? null : uploader.status(),
                    () -> certified == null ? null : certified.status());
            HttpVerticle http = new HttpVerticle(config.httpHost(), config.httpPort(), catalog::get, link,
                    storage.ledgerView(), metrics,
                    java.util.stream.Stream.concat(java.util.stream.Stream.concat(storage.routes().stream(),
                            Stream.of(kioskAssets(config), region)), extra.stream()).toList(),
                    storage.accounts(), config.tls() ? new HttpVerticle.Tls(Path.of(config.tlsCert()),
                            Path.of(config.tlsKey()), config.httpsPort()) : null);
            try {
                await(vertx.deployVerticle(http));
            } catch (java.net.BindException e) {
                throw new java.io.IOException("cannot listen for HTTP on " + config.httpHost() + ":"
                        + config.httpPort() + ": " + e.getMessage() + " (choose another --http-port, or 0)", e);
            }
            String mqttHost = broker != null ? "127.0.0.1" : config.brokerHost();
            int mqttPort = broker != null ? broker.port() : config.brokerPort();
            IngestVerticle.Settings settings = new IngestVerticle.Settings(mqttHost, mqttPort, "ssk-hub",
                    broker != null ? ShelfAccess.HUB_USER : config.brokerUsername(),
                    broker != null ? access.hubPassword() : config.brokerPassword(), 250, 10_000,
                    broker != null && config.tls() ? config.tlsCert() : null);
            await(vertx.deployVerticle(new IngestVerticle(settings, metrics, link,
                    () -> configsOf(catalog.get()), id -> catalog.get().shelf(id).isPresent(),
                    plausibleOnTheKiosks(config, catalog))));
            reloadOnChange(vertx, storage, catalog);
            reloadOnNewDay(vertx, config.center().zone());
            if (broker != null && storage.shelfCredentials() != null) {
                dropRevokedShelves(vertx, storage.shelfCredentials(), broker);
            }
            Hub hub = new Hub(config, storage, broker, vertx, metrics, catalog, http.port(), http.httpsPort(), link,
                    access, alerts);
            if (config.tls()) {
                log.info("hub started: HTTPS on port {} (HTTP {} redirects there), MQTT {}", hub.httpsPort(),
                        hub.httpPort(), hub.brokerUrl());
            } else {
                log.info("hub started: HTTP on port {}, MQTT {}", hub.httpPort(), hub.brokerUrl());
            }
            return hub;
        } catch (Exception | Error e) {
            if (alerts != null) {
                alerts.close();
            }
            if (vertx != null) {
                closeQuietly(vertx);
            }
            if (broker != null) {
                broker.close();
            }
            storage.close();
            throw e;
        }
    }

    /**
     * The upload to the region (issue 16), when {@code config.region()} names one: its own worker
     * verticle reading the committed ledger chain; its lag alert goes through the alert engine.
     * Returns the uploader (its status is the console's), or null when none runs.
     */
    private static org.ssk.hub.region.RegionUploader deployRegionUpload(Vertx vertx, HubConfig config,
            HubStorage storage, PrometheusMeterRegistry metrics) throws Exception {
        if (!config.region().enabled() || storage.chainSource() == null) {
            return null;
        }
        org.ssk.hub.region.RegionUploader uploader = new org.ssk.hub.region.RegionUploader(config.region(),
                storage.chainSource(), new org.ssk.hub.region.HttpRegionClient(config.region().url(),
                config.region().secret()), storage::centerHealth);
        await(vertx.deployVerticle(new org.ssk.hub.region.RegionUploadVerticle(uploader, metrics,
                storage::regionUpload), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
        return uploader;
    }

    /**
     * The certified-product list's fetch from the region (docs/region.md "Downward"), when a
     * region is configured and the storage keeps the list: its own worker verticle; a change of
     * the catalog's certificates reloads the kiosks' snapshot. Returns the fetcher, or null when none runs.
     */
    private static org.ssk.hub.region.CertifiedFetcher deployCertifiedFetch(Vertx vertx, HubConfig config,
            HubStorage storage) throws Exception {
        if (!config.region().enabled() || storage.regionCertificates() == null) {
            return null;
        }
        org.ssk.hub.region.CertifiedFetcher fetcher = new org.ssk.hub.region.CertifiedFetcher(
                new org.ssk.hub.region.HttpRegionClient(config.region().url(), config.region().secret()),
                storage.regionCertificates(), config.center().zone(), org.ssk.hub.region.CertifiedFetcher.PERIOD_MS);
        await(vertx.deployVerticle(new org.ssk.hub.region.CertifiedFetchVerticle(fetcher, KioskCatalog.CHANGED_ADDRESS),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
        return fetcher;
    }

    /**
     * Kiosk cards carry a certificate only while it is valid on the center's day, so a new
     * snapshot is built when the local day changes (checked each minute).
     */
    private static void reloadOnNewDay(Vertx vertx, java.time.ZoneId zone) {
        AtomicReference<java.time.LocalDate> day = new AtomicReference<>(java.time.LocalDate.now(zone));
        vertx.setPeriodic(60_000, id -> {
            java.time.LocalDate now = java.time.LocalDate.now(zone);
            if (!now.equals(day.getAndSet(now))) {
                vertx.eventBus().send(KioskCatalog.CHANGED_ADDRESS, null);
            }
        });
    }

    /** Fonts from {@code fonts_dir} and product media from {@code DATA_DIR/media}, for the kiosk pages. */
    private static ApiRoutes kioskAssets(HubConfig config) {
        return new org.ssk.hub.kiosk.KioskAssetRoutes(new org.ssk.hub.kiosk.KioskFonts(Path.of(config.fontsDir())),
                Path.of(config.dataDir()).resolve("media"));
    }

    /**
     * Whether ingest's {@link org.ssk.hub.ingest.Plausibility} passes an event against the
     * planogram the kiosks show now: the check a lift must pass to be shown before the ledger's
     * own verdict (made in its write transaction, against the planogram in the database).
     */
    private static java.util.function.Predicate<org.ssk.protocol.ShelfEvent> plausibleOnTheKiosks(HubConfig config,
            AtomicReference<KioskCatalog> catalog) {
        org.ssk.hub.ingest.Plausibility check = new org.ssk.hub.ingest.Plausibility(config.plausibility());
        return e -> check.check(e, catalog.get().shelf(e.shelf()).map(Hub::planogram).orElse(null),
                System.currentTimeMillis()).isEmpty();
    }

    private static org.ssk.hub.ingest.Plausibility.Planogram planogram(ShelfLayout s) {
        java.util.Map<String, org.ssk.hub.ingest.Plausibility.Lane> lanes = new java.util.HashMap<>();
        for (ShelfLayout.Lane l : s.lanes()) {
            lanes.put(l.lane(), new org.ssk.hub.ingest.Plausibility.Lane(l.lane(), l.sku(), l.unitGrams()));
        }
        return new org.ssk.hub.ingest.Plausibility.Planogram(s.shelf(), s.configVersion(), lanes);
    }

    private static List<ShelfConfig> configsOf(KioskCatalog c) {
        return c.shelves().stream().map(ShelfLayout::toConfig).toList();
    }

    /**
     * After the catalog or planogram changed ({@link KioskCatalog#CHANGED_ADDRESS}): a new kiosk
     * snapshot, then {@link KioskCatalog#RELOADED_ADDRESS} (ingest republishes the shelf configs).
     * Reloads run one at a time, and a change during a reload causes one more.
     */
    private static void reloadOnChange(Vertx vertx, HubStorage storage, AtomicReference<KioskCatalog> catalog) {
        vertx.eventBus().consumer(KioskCatalog.CHANGED_ADDRESS, m -> vertx.executeBlocking(() -> {
            catalog.set(storage.loadKioskCatalog());
            return null;
        }, true).onSuccess(v -> vertx.eventBus().publish(KioskCatalog.RELOADED_ADDRESS, null))
                .onFailure(e -> log.error("could not reload the catalog after a change: {}", e.toString())));
    }

    /**
     * A shelf whose secret is revoked or replaced loses its live MQTT session at once (from the
     * console) or at the next re-read of the credentials (from the command line).
     */
    private static void dropRevokedShelves(Vertx vertx, org.ssk.hub.auth.ShelfCredentials credentials,
                                           EmbeddedBroker broker) {
        credentials.onChange(shelf -> {
            if (broker.disconnectShelf(shelf)) {
                log.info("shelf {}: its MQTT credentials changed; its session was closed", shelf);
            }
        });
        vertx.setPeriodic(org.ssk.hub.auth.ShelfCredentials.REREAD_MS, id -> vertx.executeBlocking(credentials::refresh,
                false).onFailure(e -> log.warn("could not re-read shelf credentials: {}", e.toString())));
    }

    /** The bound HTTP port (never 0); with TLS it only redirects to {@link #httpsPort()}. */
    public int httpPort() {
        return httpPort;
    }

    /** The bound HTTPS port; 0 without TLS. */
    public int httpsPort() {
        return httpsPort;
    }

    /** {@code tcp://host:port} (or {@code ssl://} with TLS) of the broker the hub and agents use. */
    public String brokerUrl() {
        return broker != null ? (config.tls() ? "ssl" : "tcp") + "://127.0.0.1:" + broker.port() : config.brokerUrl();
    }

    /** The embedded broker's bound port, or the external broker's port. */
    public int mqttPort() {
        return broker != null ? broker.port() : config.brokerPort();
    }

    /**
     * The password of the embedded broker's all-topics {@link ShelfAccess#HUB_USER}, made at this
     * start; null with an external broker. For code in the hub's own JVM (tests, the bench).
     */
    public String internalBrokerPassword() {
        return broker != null ? access.hubPassword() : null;
    }

    /** The embedded broker's access rules and refusal counts. */
    public ShelfAccess brokerAccess() {
        return access;
    }

    /** Whether ingest is connected and subscribed. */
    public boolean brokerConnected() {
        return link.up();
    }

    public KioskCatalog catalog() {
        return catalog.get();
    }

    public HubConfig config() {
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /**
     * Stops the hub, in an order where nothing is handed to a part already stopped: the alert
     * publisher first (the storage's alert checks may still run on a thread of their own until the
     * storage closes, and must not send on a closed Vert.x), then Vert.x (its verticles, the
     * ledger writer among them, finish), the broker, and the storage last.
     */
    @Override
    public void close() {
        alerts.close();
        closeQuietly(vertx);
        if (broker != null) {
            broker.close();
        }
        storage.close();
        metrics.close();
        log.info("hub stopped");
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            await(vertx.close());
        } catch (Exception e) {
            log.warn("Vert.x did not close cleanly: {}", e.toString());
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
