package org.ssk.hub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.auth.Role;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.region.RegionLink;

/**
 * {@code GET /api/v1/region/upload}, what the console's dashboard shows of the upload to the
 * region: nothing but "off" without a region; with a region that cannot be reached, the center,
 * the region's host, the entries not uploaded and why, and never the upload secret.
 */
class RegionUploadRoutesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private static final String SECRET = "region-secret-".repeat(4);

    private static JsonObject upload(Hub hub, String token) throws Exception {
        HttpResponse<String> r = get(hub, "/api/v1/region/upload", token);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static HttpResponse<String> get(Hub hub, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Hub start(HubConfig config) throws Exception {
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createUser("olga", Role.OPERATOR, "operator-password".toCharArray());
        return Hub.start(config, stores, List.of());
    }

    @Test
    void withoutARegionTheUploadIsReportedAsOffAndNothingElse(@TempDir Path dir) throws Exception {
        try (Hub hub = start(HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString()))) {
            String operator = TestHttp.login(hub.httpPort(), "olga", "operator-password");
            assertEquals(401, get(hub, "/api/v1/region/upload", null).statusCode());
            assertEquals(new JsonObject().put("enabled", false), upload(hub, operator));
        }
    }

    @Test
    void withAnUnreachableRegionTheLagAndTheReasonShowButNotTheSecret(@TempDir Path dir) throws Exception {
        RegionLink link = new RegionLink("center-7", "http://127.0.0.1:1/region/", SECRET, 0, 0);
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString())
                .withRegion(link);
        try (Hub hub = start(config)) {
            String operator = TestHttp.login(hub.httpPort(), "olga", "operator-password");
            String sale = "{\"order_id\":\"region-1\",\"channel\":\"pos\",\"lines\":[{\"sku\":\"ly-honey-500\",\"qty\":1}]}";
            HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/sales"))
                    .header("Authorization", "Bearer " + operator).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(sale)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, posted.statusCode(), posted.body());

            await().atMost(Duration.ofSeconds(30)).until(() -> upload(hub, operator).getLong("lag_entries", 0L) >= 1);
            JsonObject u = upload(hub, operator);
            assertEquals(true, u.getBoolean("enabled"));
            assertEquals(true, u.getBoolean("uploading"));
            assertEquals("center-7", u.getString("center_id"));
            assertEquals("127.0.0.1:1", u.getString("region_host"));
            assertEquals(10_000L, u.getLong("lag_alert_entries"));
            assertEquals(900L, u.getLong("lag_alert_seconds"));
            assertNull(u.getValue("last_contact_ms"), "the region was never reached");
            assertTrue(u.getString("last_error", "").contains("region unreachable"), u.encode());
            await().atMost(Duration.ofSeconds(30)).until(() -> upload(hub, operator).getJsonObject("certified")
                    .getString("last_error") != null);
            JsonObject certified = upload(hub, operator).getJsonObject("certified");
            assertNull(certified.getValue("version"), "no certified list fetched yet");
            assertNull(certified.getValue("last_contact_ms"));
            assertTrue(certified.getString("last_error").contains("certified list not fetched"), certified.encode());
            assertFalse(u.encode().contains(SECRET), "the upload secret never leaves the hub");
            assertFalse(u.encode().contains("/region/"), "only the region's host is shown");
        }
    }
}
