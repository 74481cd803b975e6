package org.ssk.hub.demo;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.ingest.ShelfNotice;
import org.ssk.protocol.Pick;

/**
 * The demo's till: a share of the picks stored from the demo's shelves become point-of-sale orders
 * a few seconds later, posted to {@code POST /api/v1/sales} with a staff account's bearer token,
 * the same call a center's POS makes; the rest stay picked-but-unsold (the departures report).
 * So reports, conversion and the dashboard have numbers from the first minutes of a demo.
 *
 * <p>Order ids are {@code demo-} plus the pick's event id, so a pick is sold at most once even if
 * its notice came twice. Runs on the hub's event loop and the JDK's HTTP client; never blocks.
 */
public final class DemoTill implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoTill.class);
    /** About two picks in three are paid for. */
    public static final double SALE_SHARE = 0.65;

    private final Vertx vertx;
    private final URI sales;
    private final Callable<String> login;
    private final Random random;
    private final double share;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sold = new AtomicLong();
    private volatile String token;
    private MessageConsumer<ShelfNotice> consumer;

    /**
     * @param baseUrl the hub's HTTP address, e.g. {@code http://127.0.0.1:8080}
     * @param login   signs the till in (blocking) and answers a bearer token; called again after a 401
     */
    public DemoTill(Vertx vertx, String baseUrl, Callable<String> login, long seed, double share) {
        this.vertx = vertx;
        this.sales = URI.create(baseUrl + "/api/v1/sales");
        this.login = login;
        this.random = new Random(seed);
        this.share = share;
    }

    /** Starts listening to stored picks. */
    public DemoTill start() {
        consumer = vertx.eventBus().consumer(ShelfNotice.EVENTS_ADDRESS, m -> {
            if (m.body() instanceof ShelfNotice.Stored s && s.event() instanceof Pick p && random.nextDouble() < share) {
                long delay = 2_000 + random.nextInt(6_000);
                vertx.setTimer(delay, id -> sell(p, true));
            }
        });
        return this;
    }

    /** Orders posted and stored so far. */
    public long sold() {
        return sold.get();
    }

    private void sell(Pick p, boolean retryLogin) {
        String t = token;
        if (t == null) {
            vertx.executeBlocking(login::call, false).onSuccess(fresh -> {
                token = fresh;
                sell(p, false);
            }).onFailure(e -> log.warn("demo till: cannot sign in: {}", e.getMessage()));
            return;
        }
        JsonObject order = new JsonObject().put("order_id", "demo-" + p.id()).put("channel", "pos")
                .put("t_ms", System.currentTimeMillis())
                .put("lines", new JsonArray().add(new JsonObject().put("sku", p.sku()).put("qty", p.qty())
                        .put("shelf", p.shelf())));
        HttpRequest req = HttpRequest.newBuilder(sales).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + t).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.encode())).build();
        http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            if (e != null) {
                log.warn("demo till: order {} not sent: {}", order.getString("order_id"), e.toString());
            } else if (r.statusCode() == 401 && retryLogin) {
                token = null;
                vertx.runOnContext(v -> sell(p, false));
            } else if (r.statusCode() / 100 == 2) {
                sold.incrementAndGet();
            } else {
                log.warn("demo till: order {} refused: HTTP {} {}", order.getString("order_id"), r.statusCode(),
                        r.body());
            }
        });
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.unregister();
        }
        http.close();
    }
}
