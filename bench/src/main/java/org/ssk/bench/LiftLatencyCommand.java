package org.ssk.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lift to screen: simulated shelves publish lifts (plus telemetry and a background of visitor
 * interactions) and kiosk WebSockets, in the same JVM and on the same clock, time each lift from
 * the publish call to the card frame. Hub-added latency is the hub's own
 * {@code ssk_kiosk_push_latency} timer (ingest receives the MQTT message → frame written). The hub
 * runs over the real ledger store ({@link BenchLedger}: SQLite or PostgreSQL) or in memory.
 */
@Command(name = "lift-latency", mixinStandardHelpOptions = true,
        description = "Lift -> kiosk card latency at 1, 100, 1000 shelves, embedded broker and Mosquitto.")
final class LiftLatencyCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--shelves", split = ",", defaultValue = "1,100,1000")
    List<Integer> shelves;

    @Option(names = "--broker", split = ",", defaultValue = "embedded,mosquitto",
            description = "embedded and/or mosquitto (a private one on a free port).")
    List<String> brokers;

    @Option(names = "--ledger", defaultValue = "sqlite",
            description = "sqlite or postgres (the hub's real ledger store), or memory (no disk).")
    BenchLedger.Kind ledger;

    @Option(names = "--pg-url", defaultValue = BenchLedger.DEFAULT_PG_URL,
            description = "PostgreSQL for --ledger postgres; each run uses a new schema and drops it.")
    String pgUrl;

    @picocli.CommandLine.Mixin
    LiftTrafficOptions traffic;

    @Option(names = "--duration-s", defaultValue = "30")
    int durationS;

    @Option(names = "--data-dir", defaultValue = "bench/target/bench-data")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        System.out.println("command: java -jar bench/target/bench.jar lift-latency --shelves "
                + String.join(",", shelves.stream().map(String::valueOf).toList()) + " --broker " + String.join(",", brokers)
                + " --ledger " + ledger.name().toLowerCase(java.util.Locale.ROOT) + traffic.commandLine() + " --duration-s " + durationS);
        System.out.println(Stats.machine());
        List<String[]> rows = new ArrayList<>();
        for (String broker : brokers) {
            for (int n : shelves) {
                rows.add(run(broker, n));
                Stats.table(System.out, HEADER, rows);
            }
        }
        System.out.println("load average at the end: " + Stats.loadAverage());
        return 0;
    }

    static final String[] HEADER = {"ledger", "broker", "shelves", "kiosks", "msgs/s in", "lifts", "lost",
            "e2e p50 ms", "e2e p99 ms", "e2e max ms", "hub p50 ms", "hub p99 ms", "hub max ms",
            "heap after GC MiB", "RSS MiB", "load 1m"};

    private String[] run(String broker, int n) throws Exception {
        Path dir = dataDir.resolve(broker + "-" + n + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        Mosquitto mosquitto = broker.equals("mosquitto") ? Mosquitto.start(dir.resolve("mosquitto")) : null;
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        if (mosquitto != null) {
            config = config.withBrokerUrl("tcp://127.0.0.1:" + mosquitto.port());
        } else if (!broker.equals("embedded")) {
            throw new IllegalArgumentException("--broker: embedded or mosquitto, was " + broker);
        }
        Vertx load = Vertx.vertx();
        BenchLedger store = BenchLedger.open(ledger, n, dir, pgUrl, config);
        Hub hub = Hub.start(config, store.storage(), List.of());
        ShelfFleet fleet = new ShelfFleet(load).loginAs(hub, store.shelfCredentials());
        try {
            fleet.connect("127.0.0.1", hub.mqttPort(), n, 10);
            int k = Math.min(traffic.kiosks, n);
            traffic.startBackground(fleet);
            LiftProbe probe = new LiftProbe(load, hub, store, fleet, k, traffic.probeRate);
            long pub0 = fleet.published.get();
            long t0 = System.nanoTime();
            sleep(traffic.warmupS);
            java.util.Queue<Long> e2e = probe.phase();
            sleep(durationS);
            probe.close();
            double msgsPerS = (fleet.published.get() - pub0) / ((System.nanoTime() - t0) / 1e9);
            sleep(2);
            long[] v = e2e.stream().mapToLong(Long::longValue).toArray();
            double[] p = Stats.p50p99max(v);
            double[] h = hubAdded(hub);
            long heap = Stats.heapAfterGcMiB();
            long rss = Stats.rssMiB();
            return new String[] {ledger.name().toLowerCase(java.util.Locale.ROOT), broker, Integer.toString(n), Integer.toString(k), String.format("%.0f", msgsPerS),
                    Integer.toString(v.length), Integer.toString(probe.lost()),
                    Stats.ms(p[0]), Stats.ms(p[1]), Stats.ms(p[2]), Stats.ms(h[0]), Stats.ms(h[1]), Stats.ms(h[2]),
                    Long.toString(heap), Long.toString(rss),
                    Stats.loadAverage().split(" ")[0]};
        } finally {
            fleet.close();
            // The clients close first, while the hub still answers them: with the hub closed
            // first, closing them once took longer than the 60 s allowed (cause not found).
            ShelfFleet.await(load.close());
            hub.close();
            if (mosquitto != null) {
                mosquitto.close();
            }
            store.close();
        }
    }

    /** p50, p99, max in ns of the hub's push timer. */
    private static double[] hubAdded(Hub hub) {
        Timer t = hub.metrics().find("ssk_kiosk_push_latency").timer();
        if (t == null) {
            return new double[3];
        }
        HistogramSnapshot s = t.takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : s.percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.NANOSECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.NANOSECONDS);
            }
        }
        return new double[] {p50, p99, s.max(TimeUnit.NANOSECONDS)};
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }
}
