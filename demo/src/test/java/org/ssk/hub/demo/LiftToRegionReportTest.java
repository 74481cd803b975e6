package org.ssk.hub.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;
import org.ssk.hub.kiosk.ShelfLayout;
import org.ssk.hub.region.RegionLink;
import org.ssk.region.LocalPostgres;
import org.ssk.region.RegionConfig;
import org.ssk.region.http.RegionHttpVerticle;
import org.ssk.region.store.RegionStore;

/**
 * From a hand on a shelf to the region's report, with every part real: a lift on a demo center's
 * simulated shelf (real agent, embedded broker, the hub's SQLite ledger and chain) becomes a pick
 * in the hub's ledger, the hub's own uploader sends it over HTTP to a real region server on a
 * PostgreSQL of its own, and the region's HTTP API shows it: the entry itself (the center's entries
 * endpoint) and one more pick of that product on that day for that center in the daily report.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@Order(2)
class LiftToRegionReportTest {
    static final String CENTER = "e2e-lift";
    static final String ADMIN = "region-admin-token-for-the-lift-test-0123";
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The region's days: its default zone's (the demo's region sets none). */
    static final ZoneId REGION_ZONE = ZoneId.of(org.ssk.region.RegionConfig.DEFAULT_TIME_ZONE);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static LocalPostgres pg;
    static Vertx regionVertx;
    static String regionUrl;
    static String secret;
    static DemoCommand.Running demo;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgres.start();
        String db = pg.newDatabase();
        RegionStore store = RegionStore.open(db);
        secret = store.addCenter(CENTER, "the lift test's center", System.currentTimeMillis());
        regionVertx = Vertx.vertx();
        RegionHttpVerticle region = new RegionHttpVerticle(new RegionConfig("127.0.0.1", 0, db, null, null, ADMIN),
                store, Clock.systemUTC());
        regionVertx.deployVerticle(region).await();
        regionUrl = "http://127.0.0.1:" + region.port();
        demo = DemoCommand.start(HubConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.toString()).withRegion(new RegionLink(CENTER, regionUrl, secret, 0, 0)).validate(),
                false);
        port = demo.hub().httpPort();
        TestHttp.authorize(port, TestHttp.login(port, "admin", demo.adminPassword()));
        assertTrue(demo.shelves().awaitOpened(WAIT), "opening restock finished");
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
        if (regionVertx != null) {
            regionVertx.close().await();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static HttpResponse<String> region(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(regionUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The hub has nothing left to upload: the region confirmed its whole chain. */
    private static boolean hubUploadedEverything() throws Exception {
        JsonObject s = new JsonObject(TestHttp.get(port, "/api/v1/region/upload").body());
        return s.getBoolean("uploading") && s.getLong("last_contact_ms") != null && s.getLong("lag_entries") == 0;
    }

    /** Pick entries and quantity of {@code sku} on {@code day} for the center, from the region's daily report. */
    private static long[] picksAtTheRegion(LocalDate day, String sku) throws Exception {
        HttpResponse<String> r = region("/api/v1/reports/daily?from=" + day + "&to=" + day + "&center=" + CENTER, ADMIN);
        assertEquals(200, r.statusCode(), r.body());
        long[] n = new long[2];
        new JsonObject(r.body()).getJsonArray("rows").stream().map(JsonObject.class::cast)
                .filter(row -> row.getString("center").equals(CENTER) && row.getString("day").equals(day.toString())
                        && row.getString("src").equals("shelf_event") && row.getString("kind").equals("pick")
                        && row.getString("sku").equals(sku))
                .forEach(row -> {
                    n[0] += row.getLong("entries");
                    n[1] += row.getLong("qty");
                });
        return n;
    }

    /** The region's copy of the center's chain entry holding {@code eventId}, by the center's own secret. */
    private static JsonObject regionEntry(String eventId) throws Exception {
        long after = 0;
        while (true) {
            HttpResponse<String> r = region("/api/v1/centers/" + CENTER + "/entries?after=" + after, secret);
            assertEquals(200, r.statusCode(), r.body());
            var entries = new JsonObject(r.body()).getJsonArray("entries");
            if (entries.isEmpty()) {
                return null;
            }
            for (Object o : entries) {
                JsonObject e = (JsonObject) o;
                JsonObject text = new JsonObject(e.getString("entry"));
                if (eventId.equals(text.getString("event_id"))) {
                    return text;
                }
                after = e.getLong("seq");
            }
        }
    }

    @Test
    void aLiftOnTheDemoShelfArrivesAsAPickInTheRegionsDailyReportForThatCenterProductAndDay() throws Exception {
        ShelfLayout shelf = demo.hub().catalog().shelves().get(0);
        ShelfLayout.Lane lane = shelf.lanes().stream().filter(l -> l.sku() != null).findFirst().orElseThrow();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(LiftToRegionReportTest::hubUploadedEverything);
        LocalDate today = LocalDate.now(REGION_ZONE);
        long[] before = picksAtTheRegion(today, lane.sku());

        var lift = TestHttp.post(port, "/api/v1/demo/shelves/" + shelf.shelf() + "/lanes/" + lane.lane() + "/lift");
        assertEquals(204, lift.statusCode(), lift.body());
        JsonObject pick = await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> new JsonObject(
                        TestHttp.get(port, "/api/v1/ledger/entries?kind=pick&shelf=" + shelf.shelf()).body())
                        .getJsonArray("entries").stream().map(JsonObject.class::cast)
                        .filter(e -> lane.lane().equals(e.getString("lane"))).findFirst().orElse(null),
                e -> e != null);
        assertEquals(lane.sku(), pick.getString("sku"), pick.encode());
        assertEquals(1, pick.getInteger("qty"), pick.encode());
        String eventId = pick.getString("ref");

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> regionEntry(eventId) != null);
        JsonObject atRegion = regionEntry(eventId);
        assertEquals("shelf_event", atRegion.getString("src"), atRegion.encode());
        assertEquals("pick", atRegion.getString("type"), atRegion.encode());
        assertEquals(lane.sku(), atRegion.getString("sku"), atRegion.encode());
        assertEquals(shelf.shelf(), atRegion.getString("shelf"), atRegion.encode());
        LocalDate day = Instant.ofEpochMilli(atRegion.getLong("t_ms")).atZone(REGION_ZONE).toLocalDate();
        long[] baseline = day.equals(today) ? before : new long[2];
        long[] after = picksAtTheRegion(day, lane.sku());
        assertEquals(baseline[0] + 1, after[0], "one more pick of " + lane.sku() + " on " + day + " for " + CENTER);
        assertEquals(baseline[1] + 1, after[1], "its quantity");
    }
}
