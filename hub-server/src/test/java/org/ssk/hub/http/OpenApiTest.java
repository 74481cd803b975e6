package org.ssk.hub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.HubConfig;
import org.ssk.hub.Storage;
import org.ssk.hub.demo.DemoRoutes;
import org.ssk.hub.ingest.LinkState;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.ledger.HubStores;

/** The OpenAPI document lists exactly the operations the hub's router serves under /api/v1. */
class OpenApiTest {
    @Test
    void theDocumentListsEveryApiOperationOfTheRouterAndNoOther(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (HubStores stores = Storage.open(HubConfig.defaults().withDataDir(dir.toString()))) {
            List<ApiRoutes> groups = new ArrayList<>(stores.routes());
            groups.add(new DemoRoutes(() -> null));
            Router router = RouterFactory.create(vertx, new RouterFactory.Deps(KioskCatalog::empty, null,
                    new LinkState(), null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), groups,
                    stores.accounts()));
            TreeSet<String> served = new TreeSet<>();
            for (Route r : router.getRoutes()) {
                String path = r.getPath();
                if (path == null || !path.startsWith("/api/v1/") || r.methods() == null || path.endsWith("*")) {
                    continue;
                }
                r.methods().forEach(m -> served.add(m.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}")));
            }
            JsonObject doc = new JsonObject(RouterFactory.OPENAPI);
            TreeSet<String> documented = new TreeSet<>();
            doc.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames()
                    .forEach(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
            assertEquals(String.join("\n", served), String.join("\n", documented));
            for (String op : documented) {
                String[] mp = op.split(" ");
                JsonObject o = doc.getJsonObject("paths").getJsonObject(mp[1]).getJsonObject(mp[0].toLowerCase());
                assertEquals(true, o.containsKey("x-roles") && o.containsKey("summary"), op + " has roles and a summary");
            }
        } finally {
            vertx.close();
        }
    }
}
