package org.ssk.region;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.ssk.hub.region.ChainSource;
import org.ssk.hub.region.HttpRegionClient;
import org.ssk.hub.region.RegionLink;
import org.ssk.hub.region.RegionUploader;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.http.RegionHttpVerticle;
import org.ssk.region.store.RegionStore;

/**
 * The region tests' shared set-up: a region server in this JVM on a free port over a given
 * database (or, with {@link #onPrivatePostgres}, over a fresh database of a {@link PrivatePostgres}
 * of its own, stopped on close), a plain HTTP client for it, centers registered at it, and the
 * hub's real uploaders pointed at it and stepped on threads of their own ({@link Uploading}).
 */
final class RegionHarness implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final RegionStore store;
    /** The console's accounts this server signs in with. */
    final org.ssk.region.console.RegionAccounts accounts;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private PrivatePostgres ownPostgres;

    RegionHarness(String dbUrl) throws Exception {
        this(dbUrl, 0, null);
    }

    /** On {@code port} (0: a free one). */
    RegionHarness(String dbUrl, int port) throws Exception {
        this(dbUrl, port, null);
    }

    /** With a region admin token (null: none), as {@code SSK_REGION_ADMIN_TOKEN} gives it. */
    RegionHarness(String dbUrl, String adminToken) throws Exception {
        this(dbUrl, 0, adminToken);
    }

    /** On {@code port} (0: a free one), with a region admin token (null: none). */
    RegionHarness(String dbUrl, int port, String adminToken) throws Exception {
        this(dbUrl, port, adminToken, RegionConfig.DEFAULT_TIME_ZONE);
    }

    /** The same, counting days in {@code timeZone} (as {@code SSK_REGION_TIME_ZONE} gives it). */
    RegionHarness(String dbUrl, int port, String adminToken, String timeZone) throws Exception {
        this(dbUrl, port, adminToken, timeZone, java.util.function.UnaryOperator.identity());
    }

    /** On a free port, with the configuration {@code tweak} makes of the default one. */
    RegionHarness(String dbUrl, java.util.function.UnaryOperator<RegionConfig> tweak) throws Exception {
        this(dbUrl, 0, null, RegionConfig.DEFAULT_TIME_ZONE, tweak);
    }

    private RegionHarness(String dbUrl, int port, String adminToken, String timeZone,
                          java.util.function.UnaryOperator<RegionConfig> tweak) throws Exception {
        RegionConfig config = tweak.apply(new RegionConfig("127.0.0.1", port, dbUrl, null, null, adminToken, timeZone))
                .validate();
        store = RegionStore.open(dbUrl, config.zone());
        accounts = store.accounts(4);
        // bcrypt cost 4 for the console's accounts: sign-ins in tests take milliseconds, not a quarter second.
        RegionHttpVerticle verticle = new RegionHttpVerticle(config, store, Clock.systemUTC(), accounts);
        vertx.deployVerticle(verticle).await();
        base = "http://127.0.0.1:" + verticle.port();
    }

    /**
     * A private PostgreSQL and a region on a fresh database of it, with a region admin token (null:
     * none); {@link #close()} stops both. {@link #postgres()} gives further databases.
     */
    static RegionHarness onPrivatePostgres(String adminToken) throws Exception {
        PrivatePostgres pg = PrivatePostgres.start();
        try {
            RegionHarness region = new RegionHarness(pg.newDatabase(), 0, adminToken);
            region.ownPostgres = pg;
            return region;
        } catch (Exception | Error e) {
            pg.close();
            throw e;
        }
    }

    /** The PostgreSQL {@link #onPrivatePostgres} started. */
    PrivatePostgres postgres() {
        if (ownPostgres == null) {
            throw new IllegalStateException("this region runs on a database it was given");
        }
        return ownPostgres;
    }

    /** Registers a center (as {@code region-server add-center} does) and returns its upload secret. */
    String register(String center) throws Exception {
        return store.addCenter(center, "center " + center, System.currentTimeMillis());
    }

    /** The hub's real uploader and HTTP client for {@code center}, reading {@code source}, sending here. */
    RegionUploader uploader(String center, String secret, ChainSource source) {
        return uploader(base, center, secret, source);
    }

    /** The same, sending to the region at {@code url} (which may not listen yet). */
    static RegionUploader uploader(String url, String center, String secret, ChainSource source) {
        return new RegionUploader(new RegionLink(center, url, secret, 0, 0), source, new HttpRegionClient(url, secret));
    }

    /**
     * Uploaders stepping each on a platform thread of its own, paced as {@code RegionUploadVerticle}'s
     * timer paces them (the wait each step asks for) but at most {@code cap} apart, until closed.
     */
    static final class Uploading implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Uploading(List<RegionUploader> uploaders, Duration cap) {
            for (RegionUploader u : uploaders) {
                threads.add(Thread.ofPlatform().daemon().start(() -> {
                    while (running.get()) {
                        long wait = u.step(System.currentTimeMillis());
                        if (wait > 0) {
                            LockSupport.parkNanos(Duration.ofMillis(Math.min(wait, cap.toMillis())).toNanos());
                        }
                    }
                }));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(60));
            }
        }
    }

    HttpResponse<String> post(String pathCenter, String secret, UploadBatch batch) throws Exception {
        return post(pathCenter, secret, RegionCodec.encode(batch));
    }

    HttpResponse<String> post(String pathCenter, String secret, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/centers/" + pathCenter + "/entries"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An upload as {@link org.ssk.protocol.region.EntryLines} (as hubs send it): the body as given. */
    HttpResponse<String> postLines(String pathCenter, String secret, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/centers/" + pathCenter + "/entries"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + secret)
                .header("content-type", org.ssk.protocol.region.EntryLines.CONTENT_TYPE + "; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with {@code Authorization: Bearer token} (none when null) to {@code path} of this region. */
    HttpResponse<String> send(String path, String token, HttpRequest.Builder b) throws Exception {
        b.uri(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request to {@code path} of this region, the answer's body as bytes (downloads). */
    HttpResponse<byte[]> sendBytes(String path, HttpRequest.Builder b) throws Exception {
        b.uri(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Backends of {@code c}'s database waiting on a lock now (a batch held by a row a test locked). */
    static int waitingOnALock(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
             java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Stops the region and, when it started one, its PostgreSQL. */
    @Override
    public void close() {
        try {
            vertx.close().await();
            store.close();
        } finally {
            if (ownPostgres != null) {
                ownPostgres.close();
            }
        }
    }
}
