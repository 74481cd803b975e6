package org.ssk.hub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.auth.Accounts;
import org.ssk.hub.ingest.LinkState;
import org.ssk.hub.kiosk.KioskCatalog;

/**
 * The OpenAPI document lists exactly the operations the hub's router serves under /api/v1, apart
 * from the demo's ({@link #DEMO_PATHS}, "Demo only": served by the demo module's jar, which checks
 * them against this document in its own test).
 */
public class OpenApiTest {
    /** The operations only the demo serves. */
    public static final Predicate<String> DEMO_PATHS = op -> op.split(" ")[1].startsWith("/api/v1/demo/");

    @Test
    void theDocumentListsEveryApiOperationOfTheRouterAndNoOther(@TempDir Path dir) throws Exception {
        try (JdbcStorage stores = JdbcStorage.open(HubConfig.defaults().withDataDir(dir.toString()))) {
            assertEquals(String.join("\n", documented(DEMO_PATHS.negate())),
                    String.join("\n", served(withHubRoutes(stores.routes()), stores.accounts())));
        }
    }

    /** The storage's route groups and those the hub itself mounts ({@code Hub.start}). */
    static List<ApiRoutes> withHubRoutes(List<ApiRoutes> storage) {
        return java.util.stream.Stream.concat(storage.stream(), java.util.stream.Stream.of(
                new RegionRoutes(org.ssk.hub.region.RegionLink.none(), () -> null))).toList();
    }

    /** "METHOD /path/{param}" of every operation a router with these route groups serves under /api/v1. */
    public static TreeSet<String> served(List<ApiRoutes> groups, Accounts accounts) {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = RouterFactory.create(vertx, new RouterFactory.Deps(KioskCatalog::empty, null,
                    new LinkState(), null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), groups, accounts));
            TreeSet<String> served = new TreeSet<>();
            for (Route r : router.getRoutes()) {
                String path = r.getPath();
                if (path == null || !path.startsWith("/api/v1/") || r.methods() == null || path.endsWith("*")) {
                    continue;
                }
                r.methods().forEach(m -> served.add(m.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}")));
            }
            return served;
        } finally {
            vertx.close();
        }
    }

    /**
     * "METHOD /path/{param}" of every documented operation that {@code which} accepts; fails when
     * one of them has no roles or no summary.
     */
    public static TreeSet<String> documented(Predicate<String> which) {
        JsonObject doc = new JsonObject(RouterFactory.OPENAPI);
        TreeSet<String> documented = new TreeSet<>();
        doc.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames()
                .forEach(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        documented.removeIf(which.negate());
        for (String op : documented) {
            String[] mp = op.split(" ");
            JsonObject o = doc.getJsonObject("paths").getJsonObject(mp[1]).getJsonObject(mp[0].toLowerCase());
            assertEquals(true, o.containsKey("x-roles") && o.containsKey("summary"), op + " has roles and a summary");
        }
        return documented;
    }
}
