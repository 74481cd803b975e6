package org.ssk.hub.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.ssk.hub.ingest.LedgerWriterVerticle;

class RegionUploadVerticleTest {
    private static final RegionLink LINK = new RegionLink("c1", "https://region.example.org", "s".repeat(43), 5, 600);

    @Test
    void theVerticleUploadsOnItsOwnAndPublishesTheLagAndTheAlert() throws Exception {
        RegionUploaderTest.FakeChain chain = new RegionUploaderTest.FakeChain();
        chain.add(50, 0);
        RegionUploaderTest.FakeRegion region = new RegionUploaderTest.FakeRegion();
        region.away = true;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicReference<String> alert = new AtomicReference<>("none yet");
        RegionUploader uploader = new RegionUploader(LINK, synchronizedView(chain), region);
        Vertx vertx = Vertx.vertx();
        try {
            vertx.deployVerticle(new RegionUploadVerticle(uploader, meters, alert::set),
                    new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await();
            await().atMost(Duration.ofSeconds(30)).until(() -> alert.get() != null && alert.get().contains("50 entries"));
            assertEquals(50.0, meters.get("ssk_region_upload_lag_entries").gauge().value(),
                    "while the region was never reached, every entry counts as not uploaded");
            region.away = false;
            await().atMost(Duration.ofSeconds(30)).until(() -> region.stored.size() == 50);
            await().atMost(Duration.ofSeconds(30)).until(() -> alert.get() == null);
            assertEquals(0.0, meters.get("ssk_region_upload_lag_entries").gauge().value());
        } finally {
            vertx.close().await();
        }
    }
    @Test
    void whileEventsWaitForTheLedgerTheUploadWaitsButStillSendsABatchAfterEnoughWaits() throws Exception {
        RegionUploaderTest.FakeChain chain = new RegionUploaderTest.FakeChain();
        chain.add(20 * RegionUploader.BATCH, 0);
        RegionUploaderTest.FakeRegion region = new RegionUploaderTest.FakeRegion();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicInteger held = new AtomicInteger(RegionUploadVerticle.YIELD_AT_HELD + 5);
        io.micrometer.core.instrument.Gauge.builder(LedgerWriterVerticle.HELD_GAUGE, held, AtomicInteger::get)
                .register(meters);
        RegionUploader uploader = new RegionUploader(LINK, synchronizedView(chain), region);
        RegionUploadVerticle upload = new RegionUploadVerticle(uploader, meters, a -> { });
        Vertx vertx = Vertx.vertx();
        try {
            vertx.deployVerticle(upload, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await();
            await().atMost(Duration.ofSeconds(30)).until(() -> upload.yields() > 2L * RegionUploadVerticle.MAX_YIELDS);
            int stored = region.stored.size();
            long waits = upload.yields();
            assertTrue(stored <= (waits / RegionUploadVerticle.MAX_YIELDS + 1) * RegionUploader.BATCH,
                    "with the ledger behind, one batch per " + RegionUploadVerticle.MAX_YIELDS + " waits at most: "
                            + stored + " entries after " + waits + " waits");
            await().atMost(Duration.ofSeconds(30)).until(() -> !region.stored.isEmpty());

            held.set(0);
            long atRelease = upload.yields();
            int storedAtRelease = region.stored.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> region.stored.size() == 20 * RegionUploader.BATCH);
            assertTrue(storedAtRelease < 20 * RegionUploader.BATCH, "batches were left for the free phase");
            // At most the one wait whose look at the gauge came before the release.
            assertTrue(upload.yields() <= atRelease + 1, "no wait once nothing waits for the ledger: "
                    + (upload.yields() - atRelease));
            assertEquals(chain.entries, region.stored);
            assertEquals((double) upload.yields(), meters.get("ssk_region_upload_yields").counter().count());
        } finally {
            vertx.close().await();
        }
    }

    /** The fake chain, read from the verticle's worker thread. */
    private static ChainSource synchronizedView(RegionUploaderTest.FakeChain chain) {
        return new ChainSource() {
            @Override
            public synchronized long headSeq() {
                return chain.headSeq();
            }

            @Override
            public synchronized java.util.List<org.ssk.protocol.region.ChainedEntry> after(long seq, int limit) {
                return chain.after(seq, limit);
            }
        };
    }
}
