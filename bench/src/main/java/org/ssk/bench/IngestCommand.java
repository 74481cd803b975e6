package org.ssk.bench;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Durable ingest: many shelves publish QoS 1 picks as fast as their in-flight windows allow; the
 * rate is events counted by the hub as newly stored ({@code ssk_ingest_events_stored}, incremented
 * only after the ledger append returned, i.e. after the commit). Next to it, on the same disk and
 * with the same pragmas, the same rows inserted straight into SQLite: in batches (the ceiling) and
 * one transaction per row (what a writer without group commit can reach).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Durable events/s through the hub vs raw SQLite inserts of the same rows.")
final class IngestCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--shelves", defaultValue = "100")
    int shelves;

    @Option(names = "--per-shelf", defaultValue = "100", description = "Events each shelf publishes.")
    int perShelf;

    @Option(names = "--window", defaultValue = "10", description = "Unacknowledged publishes per shelf connection.")
    int window;

    @Option(names = "--broker", split = ",", defaultValue = "embedded,mosquitto")
    List<String> brokers;

    @Option(names = "--batch", defaultValue = "1000", description = "Rows per transaction in the raw batched insert.")
    int batch;

    @Option(names = "--single-rows", defaultValue = "1000", description = "Rows for the raw one-row-per-transaction figure.")
    int singleRows;

    @Option(names = "--mosquitto-conf", defaultValue = "",
            description = "Extra mosquitto.conf lines, e.g. 'max_inflight_messages 200' (\\n between lines).")
    String mosquittoConf;

    @Option(names = "--data-dir", defaultValue = "bench/target/bench-data")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        System.out.println("command: java -jar bench/target/bench.jar ingest --shelves " + shelves + " --per-shelf "
                + perShelf + " --window " + window + " --broker " + String.join(",", brokers) + " --batch " + batch
                + " --single-rows " + singleRows + " --data-dir " + dataDir
                + (mosquittoConf.isEmpty() ? "" : " --mosquitto-conf '" + mosquittoConf + "'"));
        System.out.println(Stats.machine());
        List<String[]> rows = new ArrayList<>();
        for (String broker : brokers) {
            Path dir = dataDir.resolve("ingest-" + broker + "-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            double hub = throughHub(broker, dir);
            double raw = rawBatched(dir.resolve("raw-batched.db"));
            double single = rawSingle(dir.resolve("raw-single.db"));
            rows.add(new String[] {broker, Integer.toString(shelves), Integer.toString(shelves * perShelf),
                    String.format("%.0f", hub), String.format("%.0f", raw), String.format("%.0f", single),
                    String.format("%.2f", hub / raw)});
            Stats.table(System.out, new String[] {"broker", "shelves", "events", "hub stored/s",
                    "raw SQLite batched/s (batch " + batch + ")", "raw SQLite 1 row/txn/s", "hub / raw batched"}, rows);
        }
        System.out.println("load average at the end: " + Stats.loadAverage());
        return 0;
    }

    private double throughHub(String broker, Path dir) throws Exception {
        Mosquitto mosquitto = broker.equals("mosquitto") ? Mosquitto.start(dir.resolve("mosquitto"),
                mosquittoConf.replace("\\n", "\n") + "\n") : null;
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        if (mosquitto != null) {
            config = config.withBrokerUrl("tcp://127.0.0.1:" + mosquitto.port());
        }
        Vertx load = Vertx.vertx();
        BenchStorage storage = new BenchStorage(shelves, BenchStorage.Ledger.SQLITE, dir);
        Hub hub = Hub.start(config, storage, List.of());
        ShelfFleet fleet = new ShelfFleet(load);
        try {
            // One spare slot: vertx-mqtt frees a slot only after the PUBACK callback that sends the next.
            fleet.connect("127.0.0.1", hub.mqttPort(), shelves, window + 1);
            Counter stored = hub.metrics().find("ssk_ingest_events_stored").counter();
            long total = (long) shelves * perShelf;
            long t0 = System.nanoTime();
            io.vertx.core.Future<Void> burst = fleet.burst(perShelf, window);
            long deadline = t0 + 600_000_000_000L;
            while (stored.count() < total) {
                if (burst.failed()) {
                    throw new IllegalStateException("publishing failed: " + burst.cause().getMessage());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the hub stored " + (long) stored.count() + " of " + total
                            + " events in 10 minutes");
                }
                Thread.sleep(5);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (storage.stored() != total) {
                throw new IllegalStateException("ledger holds " + storage.stored() + " events, expected " + total);
            }
            return total / s;
        } finally {
            fleet.close();
            hub.close();
            ShelfFleet.await(load.close());
            if (mosquitto != null) {
                mosquitto.close();
            }
        }
    }

    private List<ShelfEvent> rows(int n, String epoch) {
        List<ShelfEvent> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int shelf = i % shelves;
            int lane = i % BenchStorage.LANES;
            rows.add(new Pick(BenchStorage.shelfId(shelf), epoch, i + 1, System.currentTimeMillis(),
                    Integer.toString(lane + 1), BenchStorage.skuAt(shelf, lane), 1, 500));
        }
        return rows;
    }

    private double rawBatched(Path file) throws Exception {
        List<ShelfEvent> rows = rows(shelves * perShelf, "raw");
        try (SqliteEvents db = new SqliteEvents(file)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < rows.size(); i += batch) {
                db.appendAll(rows.subList(i, Math.min(rows.size(), i + batch)));
            }
            return rows.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private double rawSingle(Path file) throws Exception {
        List<ShelfEvent> rows = rows(singleRows, "single");
        try (SqliteEvents db = new SqliteEvents(file)) {
            long t0 = System.nanoTime();
            for (ShelfEvent e : rows) {
                db.append(e);
            }
            return rows.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
