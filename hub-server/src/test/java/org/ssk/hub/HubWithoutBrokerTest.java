package org.ssk.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubWithoutBrokerTest {
    @TempDir
    Path dir;

    @Test
    void aHubWhoseExternalBrokerIsDownStillServesAndReportsTheBrokerDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HubConfig config = HubConfig.defaults().withHttpPort(0).withDataDir(dir.toString())
                .withBrokerUrl("tcp://127.0.0.1:" + closedPort);
        FakeStorage storage = new FakeStorage();
        try (Hub hub = Hub.start(config, storage, List.of())) {
            TestHttp.authorize(hub.httpPort(), storage.token(org.ssk.hub.auth.Role.STAFF));
            var health = TestHttp.get(hub.httpPort(), "/health");
            assertEquals(503, health.statusCode());
            assertEquals("down", new JsonObject(health.body()).getString("broker"));
            assertEquals("up", new JsonObject(health.body()).getString("ledger"));
            assertEquals(200, TestHttp.get(hub.httpPort(), "/api/v1/shelves").statusCode());
            var restock = TestHttp.post(hub.httpPort(), "/api/v1/shelves/S1/restock?on=true");
            assertEquals(503, restock.statusCode());
            assertEquals("broker_unavailable", new JsonObject(restock.body()).getString("error"));

            HubConfig same = config.withHttpPort(hub.httpPort());
            FakeStorage second = new FakeStorage();
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> Hub.start(same, second, List.of()));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("--http-port"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertTrue(second.closed.get(), "storage closed after a failed start");
        }
    }
}
