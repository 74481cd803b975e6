package org.ssk.hub.region;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Consumer;

/**
 * The hub's edge to its region: steps a {@link RegionUploader} on this verticle's own worker
 * thread (deploy it as a worker), apart from ingest: it only reads committed chain entries on
 * its own connection, so ingest never waits for it. Publishes the lag as
 * {@code ssk_region_upload_lag_entries} and {@code ssk_region_upload_lag_seconds}, and hands what
 * an alert should say (or null) to {@code alerts} after every step.
 */
public final class RegionUploadVerticle extends VerticleBase {
    private final RegionUploader uploader;
    private final MeterRegistry meters;
    private final Consumer<String> alerts;
    private volatile boolean stopped;

    public RegionUploadVerticle(RegionUploader uploader, MeterRegistry meters, Consumer<String> alerts) {
        this.uploader = uploader;
        this.meters = meters;
        this.alerts = alerts;
    }

    @Override
    public Future<?> start() {
        Gauge.builder("ssk_region_upload_lag_entries", uploader, RegionUploader::lagEntries)
                .description("ledger entries committed here but not yet stored at the region").register(meters);
        Gauge.builder("ssk_region_upload_lag_seconds", uploader, RegionUploader::lagSeconds)
                .description("age of the oldest ledger entry not yet stored at the region").register(meters);
        vertx.setTimer(1, id -> step());
        return Future.succeededFuture();
    }

    private void step() {
        if (stopped) {
            return;
        }
        long wait = uploader.step(System.currentTimeMillis());
        alerts.accept(uploader.alert());
        if (!stopped) {
            vertx.setTimer(Math.max(1, wait), id -> step());
        }
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        return Future.succeededFuture();
    }
}
