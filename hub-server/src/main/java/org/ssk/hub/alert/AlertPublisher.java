package org.ssk.hub.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.ingest.IngestVerticle;
import org.ssk.protocol.Topics;

/**
 * Sends every alert raised or cleared to the center's other systems: on MQTT
 * {@code ssk/v1/hub/alert} (QoS 1, through the hub's ingest connection) and, when configured, as
 * an HTTP POST of the same JSON to a webhook, retried {@link #ATTEMPTS} times with a doubling
 * pause. The JSON is {@code {"state":"raised|cleared","id","kind","subject","shelf","lane","sku",
 * "detail","raised_ms","cleared_ms"}}. Failures are logged and counted
 * ({@code ssk_alert_delivery_failures{channel}}); they never stop the alert checks.
 * Non-blocking: {@link #raised}/{@link #cleared} only start the sends.
 *
 * <p>The alert checks call it from threads of the storage's own (its alert timer), which may
 * outlive the hub's Vert.x; the hub therefore {@link #close closes} it before it closes Vert.x,
 * and alerts raised after that are only stored, not sent (sending on a closed Vert.x throws
 * {@code RejectedExecutionException}).
 */
public final class AlertPublisher implements AlertListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);
    static final int ATTEMPTS = 4;
    static final long FIRST_RETRY_MS = 1_000;

    private final Vertx vertx;
    private final URI webhook;
    private final HttpClient http;
    private final Counter mqttFailures;
    private final Counter webhookFailures;
    private final Counter webhookSent;
    /** Held to start a send, taken alone by {@link #close}, so no send starts on Vert.x after it returns. */
    private final java.util.concurrent.locks.ReadWriteLock sending = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;

    /** {@code webhook} null: MQTT only. */
    public AlertPublisher(Vertx vertx, String webhook, MeterRegistry meters) {
        this.vertx = vertx;
        this.webhook = webhook == null ? null : URI.create(webhook);
        this.http = webhook == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.mqttFailures = Counter.builder("ssk_alert_delivery_failures").tag("channel", "mqtt").register(meters);
        this.webhookFailures = Counter.builder("ssk_alert_delivery_failures").tag("channel", "webhook")
                .register(meters);
        this.webhookSent = Counter.builder("ssk_alert_webhook_sent").register(meters);
    }

    @Override
    public void raised(Alert alert) {
        send(json(alert, "raised"));
    }

    @Override
    public void cleared(Alert alert) {
        send(json(alert, "cleared"));
    }

    static JsonObject json(Alert a, String state) {
        return new JsonObject().put("state", state).put("id", a.id()).put("kind", a.kind().wireName())
                .put("subject", a.subject()).put("shelf", a.shelf()).put("lane", a.lane()).put("sku", a.sku())
                .put("detail", a.detail()).put("raised_ms", a.raisedMs()).put("cleared_ms", a.clearedMs());
    }

    /** Sends nothing from now on; returns once no send is being started. Call before closing Vert.x. */
    @Override
    public void close() {
        sending.writeLock().lock();
        try {
            closed = true;
        } finally {
            sending.writeLock().unlock();
        }
    }

    private void send(JsonObject body) {
        byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
        if (!onVertx(() -> vertx.eventBus().request(IngestVerticle.PUBLISH_ADDRESS,
                new IngestVerticle.Publish(Topics.ALERTS, bytes)).onFailure(e -> {
                    mqttFailures.increment();
                    log.warn("alert {} not published on MQTT: {}", body.getLong("id"), e.getMessage());
                }))) {
            return;
        }
        if (webhook != null) {
            post(bytes, body.getLong("id"), 1);
        }
    }

    /** Runs {@code start} unless closed; false when closed. */
    private boolean onVertx(Runnable start) {
        sending.readLock().lock();
        try {
            if (closed) {
                return false;
            }
            start.run();
            return true;
        } finally {
            sending.readLock().unlock();
        }
    }

    private void post(byte[] bytes, long id, int attempt) {
        HttpRequest req = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e == null && r.statusCode() / 100 == 2) {
                webhookSent.increment();
                return;
            }
            String why = e != null ? e.toString() : "HTTP " + r.statusCode();
            if (attempt >= ATTEMPTS) {
                webhookFailures.increment();
                log.warn("alert {} not delivered to the webhook after {} attempts: {}", id, attempt, why);
                return;
            }
            onVertx(() -> vertx.setTimer(FIRST_RETRY_MS << (attempt - 1), t -> post(bytes, id, attempt + 1)));
        });
    }
}
