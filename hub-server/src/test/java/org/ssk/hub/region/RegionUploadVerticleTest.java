package org.ssk.hub.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

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
        RegionUploader uploader = new RegionUploader(LINK, new ChainSource() {
            @Override
            public synchronized long headSeq() {
                return chain.headSeq();
            }

            @Override
            public synchronized java.util.List<org.ssk.protocol.region.ChainedEntry> after(long seq, int limit) {
                return chain.after(seq, limit);
            }
        }, region);
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
}
