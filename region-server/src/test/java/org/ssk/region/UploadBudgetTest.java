package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.protocol.region.EntryLines;

/**
 * Upload bodies held at once stay within {@code SSK_REGION_UPLOAD_MEMORY_MB}: past it an upload is
 * answered 503 (Retry-After) before its body is read and nothing of it is stored; once the held
 * ones are answered the same upload goes through. One upload alone always does, even larger than
 * the whole budget.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UploadBudgetTest {
    private static final long START_MS = 1_774_965_600_000L;
    private static final long BUDGET = 20_000;

    @Test
    void anUploadPastTheBudgetIsAnswered503UntilTheHeldOnesAreDone() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            String url = pg.newDatabase();
            try (RegionHarness region = new RegionHarness(url, c -> c.withUploadMemoryBytes(BUDGET).withIngestThreads(1));
                 Connection test = DriverManager.getConnection(url); Connection watch = DriverManager.getConnection(url)) {
                SimulatedCenter held = new SimulatedCenter("held", START_MS);
                SimulatedCenter other = new SimulatedCenter("other", START_MS);
                String heldSecret = region.register(held.id());
                String otherSecret = region.register(other.id());
                held.grow(100);
                other.grow(10);
                byte[] big = EntryLines.encode(held.batch(1, 100));
                byte[] small = EntryLines.encode(other.batch(1, 10));
                assertTrue(big.length > BUDGET, "the first upload alone is larger than the budget: " + big.length);

                // The held center's row locked: its upload is taken, received and waits in its transaction.
                test.setAutoCommit(false);
                try (PreparedStatement lock = test.prepareStatement("SELECT * FROM center WHERE center_id = ? FOR UPDATE")) {
                    lock.setString(1, held.id());
                    lock.executeQuery().close();
                }
                CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return region.postLines(held.id(), heldSecret, big);
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> RegionHarness.waitingOnALock(watch) > 0);

                HttpResponse<String> busy = region.postLines(other.id(), otherSecret, small);
                assertEquals(503, busy.statusCode(), busy.body());
                assertEquals("busy", new JsonObject(busy.body()).getString("error"));
                assertEquals("1", busy.headers().firstValue("Retry-After").orElse(""));
                assertEquals(0, region.store.totals(other.id()).count(), "nothing of a refused upload is stored");

                test.rollback();
                HttpResponse<String> done = first.get(60, TimeUnit.SECONDS);
                assertEquals(200, done.statusCode(), done.body());
                HttpResponse<String> again = region.postLines(other.id(), otherSecret, small);
                assertEquals(200, again.statusCode(), again.body());
                assertEquals(100, region.store.totals(held.id()).count());
                assertEquals(10, region.store.totals(other.id()).count());
            }
        }
    }
}
