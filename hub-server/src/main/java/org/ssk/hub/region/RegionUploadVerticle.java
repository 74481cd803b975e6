package org.ssk.hub.region;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Consumer;
import org.ssk.hub.ingest.LedgerWriterVerticle;

/**
 * The hub's edge to its region: steps a {@link RegionUploader} on this verticle's own worker
 * thread (deploy it as a worker), apart from ingest: it only reads committed chain entries on
 * its own connection, so ingest never waits for it. Publishes the lag as
 * {@code ssk_region_upload_lag_entries} and {@code ssk_region_upload_lag_seconds}, and hands what
 * an alert should say (or null) to {@code alerts} after every step.
 *
 * <p><b>Ingest first.</b> Its reads still share the disk and the CPU with the ledger writer, whose
 * every write a lift's way to the screen waits behind (ingest acknowledges the broker only after
 * the write, and the broker holds later messages while its window is full). So before each step
 * it looks at the events waiting for the ledger ({@link LedgerWriterVerticle#HELD_GAUGE}): from
 * {@code yieldAtHeld} on, the writer is falling behind and the upload waits {@link #YIELD_MS}, at
 * most {@link #MAX_YIELDS} times in a row, so a center busy without pause still uploads a batch
 * every half second. {@code ssk_region_upload_yields} counts the waits.
 */
public final class RegionUploadVerticle extends VerticleBase {
    /** Events waiting for the ledger from which the upload waits: a few more than a busy center's usual 1-3. */
    public static final int YIELD_AT_HELD = 5;
    /** One wait, in ms. */
    static final long YIELD_MS = 20;
    /** Waits in a row before a step goes anyway. */
    static final int MAX_YIELDS = 25;

    private final RegionUploader uploader;
    private final MeterRegistry meters;
    private final Consumer<String> alerts;
    private final int yieldAtHeld;
    private Gauge held;
    private Counter yields;
    private int yieldsInARow;
    private volatile boolean stopped;

    public RegionUploadVerticle(RegionUploader uploader, MeterRegistry meters, Consumer<String> alerts) {
        this(uploader, meters, alerts, YIELD_AT_HELD);
    }

    /** With {@code yieldAtHeld} events waiting for the ledger from which to wait; 0: never wait. */
    public RegionUploadVerticle(RegionUploader uploader, MeterRegistry meters, Consumer<String> alerts,
                                int yieldAtHeld) {
        if (yieldAtHeld < 0) {
            throw new IllegalArgumentException("yieldAtHeld must be 0 (never) or more, not " + yieldAtHeld);
        }
        this.uploader = uploader;
        this.meters = meters;
        this.alerts = alerts;
        this.yieldAtHeld = yieldAtHeld;
    }

    @Override
    public Future<?> start() {
        Gauge.builder("ssk_region_upload_lag_entries", uploader, RegionUploader::lagEntries)
                .description("ledger entries committed here but not yet stored at the region").register(meters);
        Gauge.builder("ssk_region_upload_lag_seconds", uploader, RegionUploader::lagSeconds)
                .description("age of the oldest ledger entry not yet stored at the region").register(meters);
        yields = Counter.builder("ssk_region_upload_yields")
                .description("times the region upload waited because events were waiting for the ledger")
                .register(meters);
        vertx.setTimer(1, id -> step());
        return Future.succeededFuture();
    }

    private void step() {
        if (stopped) {
            return;
        }
        if (ingestBehind() && yieldsInARow < MAX_YIELDS) {
            yieldsInARow++;
            yields.increment();
            vertx.setTimer(YIELD_MS, id -> step());
            return;
        }
        yieldsInARow = 0;
        long wait = uploader.step(System.currentTimeMillis());
        alerts.accept(uploader.alert());
        if (!stopped) {
            vertx.setTimer(Math.max(1, wait), id -> step());
        }
    }

    /** Whether the ledger writer has {@code yieldAtHeld} or more events waiting (false without a writer). */
    private boolean ingestBehind() {
        if (yieldAtHeld == 0) {
            return false;
        }
        if (held == null) {
            held = meters.find(LedgerWriterVerticle.HELD_GAUGE).gauge();
            if (held == null) {
                return false;
            }
        }
        return held.value() >= yieldAtHeld;
    }

    /** Times the upload waited for ingest so far. */
    public long yields() {
        return yields == null ? 0 : (long) yields.count();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        return Future.succeededFuture();
    }
}
