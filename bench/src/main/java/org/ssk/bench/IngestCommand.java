package org.ssk.bench;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.Database;
import org.ssk.protocol.Pick;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Durable ingest: many shelves publish QoS 1 picks as fast as their in-flight windows allow; the
 * rate is events counted by the hub as newly stored ({@code ssk_ingest_events_stored}, incremented
 * only after the ledger append returned, i.e. after the commit). The hub runs over the real ledger
 * store ({@link BenchLedger}: SQLite or PostgreSQL) or the in-memory one. Next to it, in the same
 * run and on the same database kind, the ceilings: the same rows inserted straight into a fresh
 * ledger table ({@link RawInserts}: batched, COPY for PostgreSQL, and one row per transaction).
 * Each shelf packs {@code --events-per-message} events into a message, as an agent flushing a
 * backlog does (1 = a message per event, what a shelf sends live).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Durable events/s through the hub vs raw inserts of the same rows into the same database.")
final class IngestCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--shelves", defaultValue = "100")
    int shelves;

    @Option(names = "--per-shelf", defaultValue = "100", description = "Events each shelf publishes.")
    int perShelf;

    @Option(names = "--window", defaultValue = "10", description = "Unacknowledged messages per shelf connection.")
    int window;

    @Option(names = "--events-per-message", split = ",", defaultValue = "1,64",
            description = "Events packed into one MQTT message (an agent flushing a backlog packs up to 64;"
                    + " 1 = one message per event); one run per value.")
    List<Integer> perMessage;

    @Option(names = "--broker", split = ",", defaultValue = "embedded,mosquitto")
    List<String> brokers;

    @Option(names = "--ledger", split = ",", defaultValue = "sqlite,postgres",
            description = "sqlite, postgres (real ledger store) and/or memory.")
    List<BenchLedger.Kind> ledgers;

    @Option(names = "--pg-url", defaultValue = BenchLedger.DEFAULT_PG_URL,
            description = "PostgreSQL for --ledger postgres; each run uses a new schema and drops it.")
    String pgUrl;

    @Option(names = "--batch", defaultValue = "1000", description = "Rows per transaction in the raw batched insert.")
    int batch;

    @Option(names = "--single-rows", defaultValue = "1000", description = "Rows for the raw one-row-per-transaction figure.")
    int singleRows;

    @Option(names = "--mosquitto-conf", defaultValue = "",
            description = "Extra mosquitto.conf lines, e.g. 'max_inflight_messages 200' (\\n between lines).")
    String mosquittoConf;

    @Option(names = "--data-dir", defaultValue = "bench/target/bench-data")
    Path dataDir;

    /** No event stored for this long ends a run as stalled. */
    static final long STALL_NS = 60_000_000_000L;

    static final String[] HEADER = {"ledger", "broker", "events/msg", "shelves", "events", "hub stored/s", "raw batched/s",
            "raw COPY/s", "raw 1 row/txn/s", "hub / raw batched", "hub / raw COPY", "load 1m"};

    @Override
    public Integer call() throws Exception {
        System.out.println("command: java -jar bench/target/bench.jar ingest --shelves " + shelves + " --per-shelf "
                + perShelf + " --window " + window + " --events-per-message "
                + String.join(",", perMessage.stream().map(String::valueOf).toList()) + " --broker " + String.join(",", brokers) + " --ledger "
                + String.join(",", ledgers.stream().map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList())
                + " --batch " + batch + " --single-rows " + singleRows + " --data-dir " + dataDir
                + (mosquittoConf.isEmpty() ? "" : " --mosquitto-conf '" + mosquittoConf + "'"));
        System.out.println(Stats.machine());
        for (int k : perMessage) {
            if (k < 1 || k > org.ssk.protocol.Codec.MAX_EVENTS_PER_MESSAGE) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--events-per-message must be 1.." + org.ssk.protocol.Codec.MAX_EVENTS_PER_MESSAGE);
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (BenchLedger.Kind ledger : ledgers) {
            for (String broker : brokers) {
                for (int k : perMessage) {
                    rows.add(row(ledger, broker, k));
                    Stats.table(System.out, HEADER, rows);
                }
            }
        }
        System.out.println("load average at the end: " + Stats.loadAverage());
        return 0;
    }

    /** One run through the hub, then the raw inserts of as many rows into fresh tables of the same kind. */
    private String[] row(BenchLedger.Kind ledger, String broker, int perMessage) throws Exception {
        Path dir = dataDir.resolve("ingest-" + ledger + "-" + broker + "-" + perMessage + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        double hub = throughHub(ledger, broker, perMessage, dir);
        double[] raw = ledger == BenchLedger.Kind.MEMORY ? new double[3] : raw(ledger, dir);
        return new String[] {ledger.name().toLowerCase(java.util.Locale.ROOT), broker, Integer.toString(perMessage),
                Integer.toString(shelves), Integer.toString(shelves * perShelf),
                Double.isNaN(hub) ? "stalled" : String.format("%.0f", hub), rate(raw[0]), rate(raw[1]), rate(raw[2]),
                ratio(hub, raw[0]), ratio(hub, raw[1]), Stats.loadAverage().split(" ")[0]};
    }

    private static String ratio(double hub, double raw) {
        return raw == 0 || Double.isNaN(hub) ? "-" : String.format("%.2f", hub / raw);
    }

    private static String rate(double r) {
        return r == 0 ? "-" : String.format("%.0f", r);
    }

    private double throughHub(BenchLedger.Kind kind, String broker, int eventsPerMessage, Path dir) throws Exception {
        Mosquitto mosquitto = broker.equals("mosquitto") ? Mosquitto.start(dir.resolve("mosquitto"),
                mosquittoConf.replace("\\n", "\n") + "\n") : null;
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        if (mosquitto != null) {
            config = config.withBrokerUrl("tcp://127.0.0.1:" + mosquitto.port());
        }
        Vertx load = Vertx.vertx();
        BenchLedger ledger = BenchLedger.open(kind, shelves, dir, pgUrl, config);
        Hub hub = Hub.start(config, ledger.storage(), List.of());
        ShelfFleet fleet = new ShelfFleet(load).loginAs(hub, ledger.shelfCredentials());
        try {
            // One spare slot: vertx-mqtt frees a slot only after the PUBACK callback that sends the next.
            fleet.connect("127.0.0.1", hub.mqttPort(), shelves, window + 1);
            Counter stored = hub.metrics().find("ssk_ingest_events_stored").counter();
            long total = (long) shelves * perShelf;
            List<List<byte[]>> messages = fleet.prepare(perShelf, eventsPerMessage);
            long t0 = System.nanoTime();
            io.vertx.core.Future<Void> burst = fleet.start(messages, window);
            double last = 0;
            long progressAt = t0;
            while (stored.count() < total) {
                if (burst.failed()) {
                    throw new IllegalStateException("publishing failed: " + burst.cause().getMessage());
                }
                if (stored.count() != last) {
                    last = stored.count();
                    progressAt = System.nanoTime();
                } else if (System.nanoTime() - progressAt > STALL_NS) {
                    // A broker that stops delivering is a finding, not a reason to lose the other rows.
                    String note = "stalled: " + (long) last + " of " + total + " stored, nothing for "
                            + STALL_NS / 1_000_000_000L + " s; broker acknowledged every publish: "
                            + (burst.succeeded() ? "yes" : "no");
                    System.out.println(kind + " / " + broker + ": " + note);
                    return Double.NaN;
                }
                Thread.sleep(5);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            var writes = hub.metrics().find("ssk_ledger_batch").timer();
            var sizes = hub.metrics().find("ssk_ledger_batch_events").summary();
            if (writes != null && sizes != null && writes.count() > 0) {
                System.out.printf("%s / %s / %d per message: %d ledger writes of %.0f events on average, %.1f ms each,"
                        + " busy %.0f%% of the run%n", kind, broker, eventsPerMessage, writes.count(), sizes.mean(),
                        writes.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                        100 * writes.totalTime(java.util.concurrent.TimeUnit.SECONDS) / s);
            }
            if (ledger.stored() != total) {
                throw new IllegalStateException("ledger holds " + ledger.stored() + " events, expected " + total);
            }
            return total / s;
        } finally {
            fleet.close();
            // The clients close first, while the hub still answers them: with the hub closed
            // first, closing them once took longer than the 60 s allowed (cause not found).
            ShelfFleet.await(load.close());
            hub.close();
            if (mosquitto != null) {
                mosquitto.close();
            }
            ledger.close();
        }
    }

    private List<Pick> rows(int n, String epoch) {
        List<Pick> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int shelf = i % shelves;
            int lane = i % BenchStorage.LANES;
            rows.add(new Pick(BenchStorage.shelfId(shelf), epoch, i + 1, System.currentTimeMillis(),
                    Integer.toString(lane + 1), BenchStorage.skuAt(shelf, lane), 1, 500));
        }
        return rows;
    }

    /** Raw rows/s into fresh ledger tables of the same kind: {batched, COPY (PostgreSQL) or 0, one row per txn}. */
    private double[] raw(BenchLedger.Kind kind, Path dir) throws Exception {
        double[] r = new double[3];
        Database batched = BenchLedger.database(kind, dir.resolve("raw-batched"), pgUrl);
        try {
            r[0] = RawInserts.batched(batched, rows(shelves * perShelf, "raw"), batch);
        } finally {
            BenchLedger.dropSchema(batched);
        }
        if (kind == BenchLedger.Kind.POSTGRES) {
            Database copy = BenchLedger.database(kind, dir.resolve("raw-copy"), pgUrl);
            try {
                r[1] = RawInserts.copy(copy, rows(shelves * perShelf, "copy"), batch);
            } finally {
                BenchLedger.dropSchema(copy);
            }
        }
        Database single = BenchLedger.database(kind, dir.resolve("raw-single"), pgUrl);
        try {
            r[2] = RawInserts.single(single, rows(singleRows, "single"));
        } finally {
            BenchLedger.dropSchema(single);
        }
        return r;
    }
}
