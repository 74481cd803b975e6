package org.ssk.hub.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ingest.LedgerWriterVerticle;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.protocol.Pick;

/**
 * An alert check that takes long (here: stuck in a listener; a real one reading every shelf's
 * stock in a 1,000,000-entry ledger during a region catch-up took about a second) holds back
 * neither the ledger writer nor ingest: the alert checks run on the storage's thread of their own,
 * and the writer has no task but writing. Before, the hub's ledger writer also ran a check on its
 * queue every 60 s (besides the storage's every 30 s), waiting for the engine's monitor when the
 * other held it, and no event was stored meanwhile (docs/benchmarks.md 9d). This test reaches the
 * writer while the storage's check holds the monitor; it does not wait the old 60 s for the
 * writer's own check.
 */
class AlertChecksBesideIngestTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void eventsAreStoredWhileAnAlertCheckIsStuck(@TempDir Path dir) throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        // The sample shelves start empty, so the first check raises low-stock alerts and stops here.
        stores.addAlertListener(new AlertListener() {
            @Override
            public void raised(Alert alert) {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void cleared(Alert alert) {
            }
        });
        try (Hub hub = Hub.start(config, stores, List.of())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> stuck.getCount() == 0);
            // The storage's check is stuck inside the engine's monitor: writes must go on.
            for (int i = 1; i <= 3; i++) {
                Pick pick = new Pick("S1", "stuckcheck", i, System.currentTimeMillis(), "1", "rice", 1, 2500);
                var reply = LedgerWriterVerticle.append(hub.vertx().eventBus(), List.of(pick), -1)
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertTrue(reply.body().complete(), "stored: " + reply.body());
                assertEquals(1, reply.body().fresh().size());
            }
        } finally {
            release.countDown();
            stores.close();
        }
    }
}
