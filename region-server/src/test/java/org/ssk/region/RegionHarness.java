package org.ssk.region;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.http.RegionHttpVerticle;
import org.ssk.region.store.RegionStore;

/** A region server in this JVM on a free port, over a given database, and a plain HTTP client for it. */
final class RegionHarness implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final RegionStore store;
    /** The console's accounts this server signs in with. */
    final org.ssk.region.console.RegionAccounts accounts;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

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
        store = RegionStore.open(dbUrl);
        accounts = store.accounts(4);
        // bcrypt cost 4 for the console's accounts: sign-ins in tests take milliseconds, not a quarter second.
        RegionHttpVerticle verticle = new RegionHttpVerticle(new RegionConfig("127.0.0.1", port, dbUrl, null, null,
                adminToken), store, Clock.systemUTC(), accounts);
        vertx.deployVerticle(verticle).await();
        base = "http://127.0.0.1:" + verticle.port();
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

    @Override
    public void close() {
        vertx.close().await();
    }
}
