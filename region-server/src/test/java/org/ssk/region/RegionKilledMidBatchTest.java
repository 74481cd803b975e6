package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.store.RegionStore;

/**
 * A region instance killed (SIGKILL) in the middle of storing a batch: its transaction has written
 * entries and waits on a row lock the test holds when the process dies. Nothing of that batch may
 * stay, and another instance then takes the upload from where the region really stands.
 */
@Order(2)
class RegionKilledMidBatchTest {
    private static final long START_MS = 1_774_994_400_000L;
    static PrivatePostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
    }

    private static HttpResponse<String> post(HttpClient http, int port, String secret, UploadBatch batch)
            throws Exception {
        return http.send(request(port, secret, batch), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String secret, UploadBatch batch) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/centers/" + batch.center()
                        + "/entries")).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + secret)
                .POST(HttpRequest.BodyPublishers.ofString(RegionCodec.encode(batch))).build();
    }

    private static int othersInTransaction(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRegionInstanceKilledMidBatchLeavesNothingOfThatBatchAndAnotherInstanceCarriesOn() throws Exception {
        String url = pg.newDatabase();
        RegionStore store = RegionStore.open(url);
        String secret = store.addCenter("killed", "center killed", System.currentTimeMillis());
        SimulatedCenter center = new SimulatedCenter("killed", START_MS);
        center.grow(3_000);
        HttpClient http = HttpClient.newHttpClient();
        try (RegionProcess first = new RegionProcess(url); Connection test = DriverManager.getConnection(url)) {
            assertEquals(200, post(http, first.port, secret, center.batch(1, 1_000)).statusCode());
            test.setAutoCommit(false);
            try (PreparedStatement lock = test.prepareStatement("SELECT * FROM region_daily WHERE center_id = ?"
                    + " FOR UPDATE")) {
                lock.setString(1, "killed");
                lock.executeQuery().close();
            }
            var pending = http.sendAsync(request(first.port, secret, center.batch(1_001, 2_000)),
                    HttpResponse.BodyHandlers.ofString());
            try (Connection watch = DriverManager.getConnection(url)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> RegionHarness.waitingOnALock(watch) > 0);
                first.kill();
                test.rollback();
                await().atMost(Duration.ofSeconds(60)).until(() -> othersInTransaction(watch) == 0);
            }
            await().atMost(Duration.ofSeconds(30)).until(pending::isDone);
        }
        assertEquals(new RegionStore.Totals(1_000, 1_000, center.chain().get(999).hash()), store.totals("killed"));
        assertEquals(1_000, store.head("killed").storedThrough());
        try (RegionProcess second = new RegionProcess(url)) {
            long resume = store.head("killed").storedThrough() + 1;
            assertEquals(200, post(http, second.port, secret, center.batch(resume, 3_000)).statusCode());
        }
        assertEquals(new RegionStore.Totals(3_000, 3_000, center.chain().get(2_999).hash()), store.totals("killed"));
        assertEquals(3_000, store.dailySum("killed", "sale_line", java.time.LocalDate.of(2026, 1, 1),
                java.time.LocalDate.of(2027, 1, 1)).entries(), "the aggregates count each entry once");
    }
}
