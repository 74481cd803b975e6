package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;


/**
 * Seeded fuzzing of the REST API of a running hub with the real stores ({@link RestFuzz}):
 * {@value #REQUESTS} generated requests ({@code -Dssk.fuzz.rest=N} for more or fewer; the
 * 100,000-request run is {@code bench rest-fuzz}). Every answer is acceptable (below 500, 4xx as
 * JSON {@code {"error","reason"}}), each rejection is counted in {@code ssk_http_rejected_total},
 * and the ledger holds no row a valid request could not have made.
 */
@Order(1)
class RestFuzzTest {
    static final int REQUESTS = 5_000;

    @Test
    @Timeout(300)
    void generatedRequestsNeverCrashTheHubNorWriteABadLedgerRow(@TempDir Path dir) throws Exception {
        int n = Integer.getInteger("ssk.fuzz.rest", REQUESTS);
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createFirstAdmin("root", "fuzzing-admin-pw".toCharArray());
        try (Hub hub = Hub.start(config, stores, List.of())) {
            await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
            String token = RestFuzz.login(hub.httpPort(), "root", "fuzzing-admin-pw");
            RestFuzz.Outcome o = RestFuzz.run(hub.httpPort(), token, n, RestFuzz.SEED);
            System.out.println("REST fuzz: " + n + " requests, answers by status " + o.statuses());
            assertEquals(null, o.firstProblem());
            assertEquals(n, o.statuses().values().stream().mapToInt(Integer::intValue).sum(), "every request answered");
            double counted = hub.metrics().find("ssk_http_rejected").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            assertEquals(o.errorAnswers(), (long) counted, "every rejection is counted");
            assertTrue(o.statuses().keySet().stream().anyMatch(s -> s < 300), "some requests were valid: " + o.statuses());
            try (Connection c = stores.database().connect()) {
                assertEquals(List.of(), RestFuzz.badLedgerRows(c));
            }
        }
    }
}
