package org.ssk.hub.ledger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubStorage;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.catalog.ProductImages;
import org.ssk.hub.catalog.Shelf;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.LedgerView;
import org.ssk.hub.ingest.EventAppender;
import org.ssk.hub.kiosk.Card;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.kiosk.ShelfLayout;

/**
 * The hub's storage on one SQL database, SQLite or PostgreSQL ({@link Database} holds the
 * difference): the {@link Catalog} and the {@link Ledger}, seen through {@link HubStorage} by the
 * hub's edges and directly by commands and reports, with the reports, alerts and accounts built on
 * them. {@link #routes()} serves product images, catalog exports and editing, uploaded media,
 * reports, alerts, the ledger's entries and accounts. Thread-safe; closing stops the ledger's
 * writer after it has stored what was queued.
 */
public final class JdbcStorage implements HubStorage {
    private final HubConfig config;
    private final Database db;
    private final Catalog catalog;
    private final JdbcLedger ledger;
    private final org.ssk.hub.report.Reports reports;
    private final org.ssk.hub.alert.AlertEngine alerts;
    private final org.ssk.hub.auth.Accounts accounts;
    private final org.ssk.hub.auth.ShelfCredentials shelfCredentials;
    private volatile Map<String, String> images = Map.of();
    private final java.util.Set<String> offline = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private java.util.concurrent.ScheduledExecutorService alertTimer;
    private final org.ssk.hub.ingest.Plausibility plausibility;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JdbcStorage.class);

    /** The default zone of a center's days, weeks and months ({@link org.ssk.hub.Center#DEFAULT_TIME_ZONE}). */
    public static final java.time.ZoneId CENTER_ZONE = java.time.ZoneId.of(org.ssk.hub.Center.DEFAULT_TIME_ZONE);
    /** The zone this center's days, weeks and months are counted in, from its configuration. */
    private final java.time.ZoneId zone;

    /** How often {@link #open} runs the alert checks. */
    static final long ALERT_PERIOD_MS = 30_000;

    /**
     * The stores on the database of {@link HubConfig#jdbcUrl()} (a SQLite file in the data
     * directory unless a PostgreSQL URL is configured with {@code database_url} / {@code SSK_DB_URL}),
     * migrated to the current schema, with alert checks every {@link #ALERT_PERIOD_MS}.
     */
    public static JdbcStorage open(HubConfig config) throws SQLException {
        JdbcStorage stores = new JdbcStorage(config, Database.open(config.jdbcUrl()), Clock.systemUTC());
        stores.startAlertChecks(ALERT_PERIOD_MS);
        return stores;
    }

    /**
     * As {@link #open}, loading the sample catalog when the catalog is empty (a new demo). The
     * ledger starts without stock: the demo's opening restock puts the items on the shelves.
     */
    public static JdbcStorage openWithSampleCatalog(HubConfig config) throws Exception {
        JdbcStorage stores = open(config);
        try {
            if (stores.catalog().isEmpty()) {
                org.ssk.hub.catalog.SampleCatalog.load(stores.catalog(), Clock.systemUTC().millis());
            }
            return stores;
        } catch (Exception e) {
            stores.close();
            throw e;
        }
    }

    public JdbcStorage(HubConfig config, Database db, Clock clock) throws SQLException {
        this.config = config;
        this.db = db;
        this.zone = config.center().zone();
        this.catalog = new Catalog(db);
        this.ledger = new JdbcLedger(db, clock, config.center().zone());
        this.reports = new org.ssk.hub.report.Reports(catalog, ledger, zone);
        this.alerts = new org.ssk.hub.alert.AlertEngine(db, catalog, ledger,
                org.ssk.hub.alert.AlertSettings.defaults(), zone);
        this.accounts = org.ssk.hub.auth.Accounts.standard(db);
        this.shelfCredentials = new org.ssk.hub.auth.ShelfCredentials(db, clock);
        this.plausibility = new org.ssk.hub.ingest.Plausibility(
                config.plausibility());
    }

    /**
     * Evaluates the alerts every {@code periodMs} on a daemon thread of its own, with the shelves
     * reported offline through {@link #shelfOnline}; failures are logged and the next run tries
     * again. The hub's only alert checks: never on the ledger writer's queue nor an event loop,
     * since a check reads the month's sales and every shelf's stock, which takes seconds on a large
     * ledger under load. Stopped by {@link #close()}.
     */
    public void startAlertChecks(long periodMs) {
        synchronized (offline) {
            if (alertTimer != null) {
                return;
            }
            alertTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().name("alert-checks").daemon().unstarted(r));
        }
        alertTimer.scheduleWithFixedDelay(() -> {
            try {
                alerts.evaluate(System.currentTimeMillis(), java.util.Set.copyOf(offline));
            } catch (Exception e) {
                log.warn("alert evaluation failed: {}", e.toString());
            }
        }, Math.min(periodMs, 1_000), periodMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Tells the alert checks whether a shelf's agent is online (from its retained state / last will). */
    @Override
    public void shelfOnline(String shelf, boolean online) {
        if (online) {
            offline.remove(shelf);
        } else {
            offline.add(shelf);
        }
    }

    @Override
    public org.ssk.hub.region.ChainSource chainSource() {
        return ledger.chainSource();
    }

    @Override
    public org.ssk.hub.catalog.RegionCertificates regionCertificates() {
        return new org.ssk.hub.catalog.RegionCertificates(db);
    }

    @Override
    public org.ssk.hub.region.CenterHealth centerHealth() throws Exception {
        return org.ssk.hub.region.CenterHealth.of(alerts.open());
    }

    @Override
    public void regionUpload(String detail) {
        alerts().regionUpload(detail);
    }

    /** Each shelf's MQTT credentials. */
    @Override
    public org.ssk.hub.auth.ShelfCredentials shelfCredentials() {
        return shelfCredentials;
    }

    @Override
    public org.ssk.hub.broker.ShelfAccess.Secrets shelfSecrets() {
        return shelfCredentials::valid;
    }

    @Override
    public void shelfFaults(String shelf, List<String> faults) {
        alerts.shelfFaults(shelf, faults);
    }

    /** Accounts, sessions and kiosk tokens. */
    @Override
    public org.ssk.hub.auth.Accounts accounts() {
        return accounts;
    }

    /** The alert engine; {@link #startAlertChecks} evaluates it periodically on a thread of its own. */
    public org.ssk.hub.alert.AlertEngine alerts() {
        return alerts;
    }

    @Override
    public void addAlertListener(org.ssk.hub.alert.AlertListener listener) {
        alerts.addListener(listener);
    }

    public org.ssk.hub.report.Reports reports() {
        return reports;
    }

    public Database database() {
        return db;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Ledger ledger() {
        return ledger;
    }

    /**
     * The ledger as ingest appends to it: every event judged by {@link org.ssk.hub.ingest.Plausibility}
     * against the planogram in force, the implausible ones kept in quarantine; a write the database cannot make now (disk full,
     * read-only, unreachable: {@link Database#cannotWrite}) throws
     * {@link org.ssk.hub.ingest.StoreUnavailableException}.
     */
    @Override
    public EventAppender appender() {
        return new EventAppender() {
            @Override
            public boolean append(org.ssk.protocol.ShelfEvent event) throws Exception {
                try {
                    return ledger.appendChecked(java.util.List.of(event), plausibility).get(0);
                } catch (SQLException e) {
                    throw unavailableOr(e);
                }
            }

            @Override
            public java.util.List<Boolean> appendAll(java.util.List<org.ssk.protocol.ShelfEvent> events)
                    throws Exception {
                try {
                    return ledger.appendChecked(events, plausibility);
                } catch (SQLException e) {
                    throw unavailableOr(e);
                }
            }

            @Override
            public java.util.List<Outcome> appendJudged(java.util.List<org.ssk.protocol.ShelfEvent> events)
                    throws Exception {
                try {
                    return ledger.appendJudged(events, plausibility);
                } catch (SQLException e) {
                    throw unavailableOr(e);
                }
            }
        };
    }

    private static Exception unavailableOr(SQLException e) {
        return Database.cannotWrite(e)
                ? new org.ssk.hub.ingest.StoreUnavailableException("the ledger cannot write: " + e.getMessage(), e)
                : e;
    }

    @Override
    public LedgerView ledgerView() {
        return new LedgerView() {
            @Override
            public Map<String, Integer> stockByLane(String shelf) throws Exception {
                return ledger.stockByLane(shelf);
            }

            @Override
            public boolean healthy() {
                return ledger.healthy();
            }
        };
    }

    @Override
    public KioskCatalog loadKioskCatalog() throws SQLException {
        List<Product> products = catalog.products();
        Map<String, Product> bySku = new HashMap<>();
        Map<String, String> svg = new HashMap<>();
        for (Product p : products) {
            bySku.put(p.sku(), p);
            svg.put(p.sku(), ProductImages.placeholderSvg(p));
        }
        images = Map.copyOf(svg);
        List<ShelfLayout> layouts = catalog.shelves().stream().map(s -> layout(s, bySku)).toList();
        return new KioskCatalog(layouts, products.stream().map(this::card).toList());
    }

    @Override
    public List<ApiRoutes> routes() {
        return List.of(new org.ssk.hub.http.CenterRoutes(config.center(), Clock.systemUTC()),
                new org.ssk.hub.catalog.CatalogRoutes(catalog, () -> images),
                new org.ssk.hub.catalog.CatalogEditRoutes(catalog, new org.ssk.hub.catalog.MediaStore(
                        java.nio.file.Path.of(config.dataDir()).resolve("media")), System::currentTimeMillis),
                new org.ssk.hub.report.ReportRoutes(reports, zone),
                new org.ssk.hub.alert.AlertRoutes(alerts, new org.ssk.hub.alert.AlertAcks(db)),
                new LedgerRoutes(ledger), new QuarantineRoutes(ledger), new LedgerEntriesRoutes(new LedgerEntries(db),
                        new SalesImport(ledger, zone), zone),
                new org.ssk.hub.auth.AuthRoutes(accounts, shelfCredentials,
                        org.ssk.webauth.LoginThrottle.standard()));
    }

    private static ShelfLayout layout(Shelf s, Map<String, Product> products) {
        return new ShelfLayout(s.id(), s.name(), s.configVersion(), s.lanes().stream().map(l -> {
            Product p = l.sku() == null ? null : products.get(l.sku());
            return new ShelfLayout.Lane(l.lane(), l.sku(), l.sku() == null ? 0 : l.unitGrams(),
                    p == null ? "" : p.nameZh(), l.capacity());
        }).toList());
    }

    /**
     * The kiosk card of {@code p}: order URL from the configured template, QR and image from the
     * hub; the certificate only while it is valid today in the center's zone (the 扶贫产品 badge).
     */
    public Card card(Product p) {
        String order = config.orderUrlTemplate().replace(HubConfig.SKU_PLACEHOLDER,
                URLEncoder.encode(p.sku(), StandardCharsets.UTF_8));
        Product.Certification c = p.certification();
        Product.Trace t = p.trace();
        return new Card(p.sku(), p.nameZh(), p.nameEn(), p.priceYuan(), p.unit(), p.spec(), p.introZh(), p.introEn(),
                p.storyZh(), p.storyEn(),
                new Card.Origin(p.origin().province(), p.origin().city(), p.origin().county(), p.origin().town(),
                        p.origin().village()),
                new Card.Producer(p.producer().name(), p.producer().kind(), p.producer().households(),
                        p.producer().incomeYuan(), p.producer().photoUrl()),
                p.certState(java.time.LocalDate.now(zone)) != Product.CertState.CERTIFIED ? null
                        : new Card.Certification(c.number(), c.issuer(), c.validUntil().toString()),
                new Card.Trace(t.batch(), t.date() == null ? null : t.date().toString(), t.inspection()),
                p.imageUrl() != null ? p.imageUrl() : ProductImages.path(p.sku()), order, Card.qrPath(p.sku()),
                p.videoUrl());
    }

    @Override
    public void close() {
        synchronized (offline) {
            if (alertTimer != null) {
                alertTimer.shutdownNow();
                try {
                    alertTimer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        ledger.close();
    }
}
