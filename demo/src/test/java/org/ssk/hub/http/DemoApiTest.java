package org.ssk.hub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.FakeStorage;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;
import org.ssk.hub.demo.DemoRoutes;

/** The demo's virtual-shelf endpoints: documented in the hub's OpenAPI document, 404 until the shelves run. */
class DemoApiTest {
    @Test
    void theOpenApiDocumentListsExactlyTheDemosOperations() {
        java.util.TreeSet<String> served = OpenApiTest.served(List.of(new DemoRoutes(() -> null)), null);
        served.removeIf(OpenApiTest.DEMO_PATHS.negate());
        assertEquals(String.join("\n", OpenApiTest.documented(OpenApiTest.DEMO_PATHS)), String.join("\n", served));
    }

    @Test
    void theDemoEndpointsAre404WhileNoShelvesRun(@TempDir Path dir) throws Exception {
        FakeStorage storage = new FakeStorage();
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        try (Hub hub = Hub.start(config, storage, List.of(new DemoRoutes(() -> null)))) {
            await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
            HttpResponse<String> r = TestHttp.post(hub.httpPort(), "/api/v1/demo/shelves/S1/lanes/1/lift");
            assertEquals(404, r.statusCode(), r.body());
            JsonObject body = new JsonObject(r.body());
            assertEquals("not_found", body.getString("error"));
            assertTrue(body.getString("reason").contains("starting"), body.getString("reason"));
        }
    }
}
