package org.ssk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The long REST fuzz: a hub with the sample catalog on a SQLite ledger in a temporary folder,
 * {@code --requests} generated requests ({@link RestFuzz}, seeded), then a table of the answers by
 * HTTP status, the time it took, whether every rejection was counted in
 * {@code ssk_http_rejected_total}, and the ledger rows no valid request could have made. Exits 1
 * when an answer was unacceptable, a rejection uncounted or a bad row written. The suite runs the
 * same with fewer requests ({@code RestFuzzTest}).
 */
@Command(name = "rest-fuzz", mixinStandardHelpOptions = true,
        description = "Seeded fuzzing of the hub's REST API; prints answers by status and the checks.")
final class RestFuzzCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--requests", defaultValue = "100000", description = "Generated requests (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--seed", defaultValue = "20261123", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("ssk-rest-fuzz");
        try {
            HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
            JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
            stores.accounts().createFirstAdmin("root", "fuzzing-admin-pw".toCharArray());
            try (Hub hub = Hub.start(config, stores, List.of())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!hub.brokerConnected() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                String token = RestFuzz.login(hub.httpPort(), "root", "fuzzing-admin-pw");
                RestFuzz.Outcome o = RestFuzz.run(hub.httpPort(), token, requests, seed);
                long counted = (long) hub.metrics().find("ssk_http_rejected").counters().stream()
                        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
                List<String> bad;
                try (Connection c = stores.database().connect()) {
                    bad = RestFuzz.badLedgerRows(c);
                }
                print(o, counted, bad);
                return o.firstProblem() == null && counted == o.errorAnswers() && bad.isEmpty() ? 0 : 1;
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void print(RestFuzz.Outcome o, long counted, List<String> bad) {
        System.out.printf(Locale.ROOT, "REST fuzz: %d requests, seed %d, 16 in flight, %.1f s (%.0f requests/s)%n",
                o.requests(), seed, o.elapsedMs() / 1000.0, o.requests() * 1000.0 / Math.max(1, o.elapsedMs()));
        System.out.println();
        System.out.println("| HTTP status | answers |");
        System.out.println("|---:|---:|");
        o.statuses().forEach((s, n) -> System.out.printf(Locale.ROOT, "| %d | %d |%n", s, n));
        System.out.println();
        System.out.println("unacceptable answers: " + (o.firstProblem() == null ? "none" : "first: " + o.firstProblem()));
        System.out.println("4xx/5xx answers " + o.errorAnswers() + ", counted in ssk_http_rejected_total " + counted);
        System.out.println("ledger rows no valid request could make: " + (bad.isEmpty() ? "none" : bad));
    }
}
