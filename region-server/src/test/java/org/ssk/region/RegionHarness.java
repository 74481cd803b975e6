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
    final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    RegionHarness(String dbUrl) throws Exception {
        this(dbUrl, 0);
    }

    /** On {@code port} (0: a free one). */
    RegionHarness(String dbUrl, int port) throws Exception {
        store = RegionStore.open(dbUrl);
        RegionHttpVerticle verticle = new RegionHttpVerticle(new RegionConfig("127.0.0.1", port, dbUrl, null, null),
                store, Clock.systemUTC());
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

    @Override
    public void close() {
        vertx.close().await();
    }
}
