package org.ssk.hub.region;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Steps a {@link CertifiedFetcher} on this verticle's own worker thread (deploy it as a worker),
 * apart from ingest and the uploader. When a step changed the catalog's certificates it publishes
 * {@code changedAddress} on the event bus, so kiosks get a new snapshot (badges appear or go).
 */
public final class CertifiedFetchVerticle extends VerticleBase {
    private final CertifiedFetcher fetcher;
    private final String changedAddress;
    private volatile boolean stopped;

    public CertifiedFetchVerticle(CertifiedFetcher fetcher, String changedAddress) {
        this.fetcher = fetcher;
        this.changedAddress = changedAddress;
    }

    @Override
    public Future<?> start() {
        vertx.setTimer(1, id -> step());
        return Future.succeededFuture();
    }

    private void step() {
        if (stopped) {
            return;
        }
        CertifiedFetcher.Result r = fetcher.step(System.currentTimeMillis());
        if (r.changed() > 0) {
            vertx.eventBus().publish(changedAddress, null);
        }
        if (!stopped) {
            vertx.setTimer(Math.max(1, r.waitMs()), id -> step());
        }
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        return Future.succeededFuture();
    }
}
