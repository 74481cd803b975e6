package org.ssk.hub;

import org.ssk.hub.ledger.JdbcStorage;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.agent.ShelfAgent;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Topics;

/**
 * The production path end to end in one JVM: a real shelf agent on a simulated shelf publishes
 * over MQTT, the hub ingests, stores and pushes the card to a kiosk WebSocket. Run against each
 * broker the hub supports; subclasses say how the hub reaches its broker.
 */
abstract class PipelineContract {
    private static final Logger log = LoggerFactory.getLogger(PipelineContract.class);
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    HubConfig config;
    Hub hub;
    ShelfAgent agent;
    SimulatedShelf shelf;
    HubStorage storage;
    org.ssk.hub.ledger.JdbcStorage stores;
    final List<String> publishedEvents = new CopyOnWriteArrayList<>();
    MqttClient spy;

    /** The hub's config for this broker, over a base with free ports and a temp data dir. */
    abstract HubConfig configure(HubConfig base) throws Exception;

    /** The real stores: SQLite in the data dir with the sample catalog (S1-S3). */
    HubStorage storage(HubConfig config) throws Exception {
        stores = JdbcStorage.openWithSampleCatalog(config);
        return stores;
    }

    /** How many events with {@code id} the ledger holds (read from the database). */
    int storedCopies(String id) throws Exception {
        String shelfId = id.substring(0, id.indexOf('/'));
        return (int) stores.ledger().events(shelfId).stream().filter(e -> e.eventId().equals(id)).count();
    }

    @BeforeEach
    void startHubAndAgent() throws Exception {
        config = configure(HubConfig.defaults().withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.resolve("hub").toString()));
        storage = storage(config);
        hub = Hub.start(config, storage, List.of());
        await().atMost(WAIT).until(hub::brokerConnected);
        stores.accounts().createUser("staff1", org.ssk.hub.auth.Role.STAFF, "staff-password".toCharArray());
        TestHttp.authorize(hub.httpPort(), TestHttp.login(hub.httpPort(), "staff1", "staff-password"));

        spy = client("spy");
        // One entry per event, whether the agent sent it alone or in a message of several.
        spy.subscribe(Topics.event("S1"), 1, (t, m) -> org.ssk.protocol.Codec.decodeEvents(m.getPayload(), bad -> {
        }).forEach(e -> publishedEvents.add(org.ssk.protocol.Codec.encodeToString(e))));

        AgentConfig ac = TestAgents.config(hub.catalog().shelf("S1").orElseThrow(), hub.brokerUrl(),
                stores.shelfCredentials().issue("S1"), dir.resolve("agent"));
        shelf = ShelfAgent.simulatedShelf(ac, SimulatedShelf.Options.defaults()
                .withActivity(SimulatedShelf.Activity.IDLE));
        agent = ShelfAgent.start(ac, shelf, ShelfAgent.standardDetector(ac),
                ShelfAgent.Options.defaults().withReconnect(100, 1_000));
        await().atMost(WAIT).until(agent::connected);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (spy != null && spy.isConnected()) {
                spy.disconnect();
            }
            if (agent != null) {
                agent.close();
            }
            if (hub != null) {
                hub.close();
            }
        } finally {
            afterHub();
        }
    }

    /** Runs after the hub has stopped (stop an external broker here). */
    void afterHub() throws Exception {
    }

    MqttClient client(String id) throws Exception {
        MqttClient c = new MqttClient(hub.brokerUrl(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        if (hub.internalBrokerPassword() != null) {
            o.setUserName(org.ssk.hub.broker.ShelfAccess.HUB_USER);
            o.setPassword(hub.internalBrokerPassword().toCharArray());
        }
        c.connect(o);
        return c;
    }

    @Test
    void aLiftOnTheShelfShowsItsCardOnTheKioskAndARedeliveredPickIsStoredOnce() throws Exception {
        try (TestHttp.Kiosk kiosk = TestHttp.Kiosk.open(hub.httpPort(), "S1")) {
            await().atMost(WAIT).until(() -> !kiosk.frames.isEmpty());
            assertEquals("hello", new JsonObject(kiosk.texts().get(0)).getString("type"));

            long liftedAt = System.nanoTime();
            shelf.lift("1", 1);
            TestHttp.Kiosk.Frame lift = awaitFrame(kiosk, "lift");
            JsonObject liftJson = new JsonObject(lift.text());
            assertEquals("1", liftJson.getString("lane"));
            assertEquals(hub.catalog().skuAt("S1", "1").orElseThrow(),
                    liftJson.getJsonObject("card").getString("sku"));
            assertNotNull(liftJson.getJsonObject("card").getString("qr_url"));
            TestHttp.Kiosk.Frame pick = awaitFrame(kiosk, "pick");
            log.info("lift -> kiosk lift frame {} ms, pick frame {} ms (simulated hand and settle included)",
                    (lift.nanos() - liftedAt) / 1_000_000, (pick.nanos() - liftedAt) / 1_000_000);

            String pickId = new JsonObject(pick.text()).getString("event_id");
            String pickJson = await().atMost(WAIT).until(() -> publishedEvents.stream()
                    .filter(j -> new JsonObject(j).getString("id").equals(pickId)).findFirst().orElse(null),
                    j -> j != null);
            assertEquals(1, storedCopies(pickId));

            MqttClient replay = client("replayer");
            replay.publish(Topics.event("S1"), pickJson.getBytes(StandardCharsets.UTF_8), 1, false);
            replay.publish(Topics.event("S1"), pickJson.getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(WAIT).until(() -> counter("ssk_ingest_events_duplicate") >= 2);
            assertEquals(1, storedCopies(pickId));

            // A later event still gets through, and the redelivered pick was never pushed again.
            shelf.putBack("1", 1);
            awaitFrame(kiosk, "putback");
            assertEquals(1, kiosk.texts().stream().filter(t -> t.contains("\"pick\"")).count());
            replay.disconnect();
        }
    }

    @Test
    void eachPublishedLiftReachesTheKioskOnceInOrder() throws Exception {
        int n = 20;
        MqttClient pub = client("bench");
        try (TestHttp.Kiosk kiosk = TestHttp.Kiosk.open(hub.httpPort(), "S2")) {
            await().atMost(WAIT).until(() -> !kiosk.frames.isEmpty());
            long[] sent = new long[n];
            for (int i = 0; i < n; i++) {
                Lift lift = new Lift("S2", "bench", i + 1, System.currentTimeMillis(), "1",
                        hub.catalog().skuAt("S2", "1").orElseThrow(), 240);
                sent[i] = System.nanoTime();
                pub.publish(Topics.event("S2"), org.ssk.protocol.Codec.encode(lift), 1, false);
                int want = i + 2;
                await().atMost(WAIT).until(() -> kiosk.frames.size() >= want);
            }
            List<TestHttp.Kiosk.Frame> lifts = kiosk.frames.subList(1, n + 1);
            long[] ms = new long[n];
            for (int i = 0; i < n; i++) {
                JsonObject f = new JsonObject(lifts.get(i).text());
                assertEquals("S2/bench/" + (i + 1), f.getString("event_id"));
                ms[i] = (lifts.get(i).nanos() - sent[i]) / 1_000;
            }
            java.util.Arrays.sort(ms);
            log.info("{}: MQTT publish -> kiosk frame over {} lifts: median {} us, max {} us (measurement, not a limit)",
                    getClass().getSimpleName(), n, ms[n / 2], ms[n - 1]);
        } finally {
            pub.disconnect();
        }
    }

    @Test
    void aMessageOfSeveralEventsIsStoredAndABadElementInItIsCountedAlone() throws Exception {
        String sku = hub.catalog().skuAt("S1", "1").orElseThrow();
        Pick first = new Pick("S1", "batch", 1, System.currentTimeMillis(), "1", sku, 1, 500);
        Pick second = new Pick("S1", "batch", 2, System.currentTimeMillis(), "1", sku, 1, 500);
        Pick otherShelf = new Pick("S2", "batch", 3, System.currentTimeMillis(), "1", sku, 1, 500);
        byte[] bad = org.ssk.protocol.Codec.encodeToString(first).replace("\"qty\":1,", "")
                .replace("batch/1", "batch/9").getBytes(StandardCharsets.UTF_8);
        byte[] message = org.ssk.protocol.Codec.joinEvents(List.of(org.ssk.protocol.Codec.encode(first), bad,
                org.ssk.protocol.Codec.encode(second), org.ssk.protocol.Codec.encode(otherShelf)));
        double storedBefore = counter("ssk_ingest_events_stored");
        MqttClient pub = client("backlog");
        try {
            pub.publish(Topics.event("S1"), message, 1, false);
            await().atMost(WAIT).until(() -> counter("ssk_ingest_events_stored") == storedBefore + 2);
            assertEquals(1, storedCopies(first.id()));
            assertEquals(1, storedCopies(second.id()));
            assertEquals(1, rejected("missing_field"));
            assertEquals(1, rejected("shelf_mismatch"));
            assertEquals(0, stores.ledger().events("S2").stream().filter(e -> e.eventId().equals(otherShelf.id()))
                    .count());
            // The same message again (an agent resending after a lost PUBACK): duplicates, stored once.
            double dupBefore = counter("ssk_ingest_events_duplicate");
            pub.publish(Topics.event("S1"), message, 1, false);
            await().atMost(WAIT).until(() -> counter("ssk_ingest_events_duplicate") == dupBefore + 2);
            assertEquals(1, storedCopies(first.id()));
            assertEquals(1, storedCopies(second.id()));
        } finally {
            pub.disconnect();
        }
    }

    @Test
    void changesNoHandWasSeenForAreCountedPerShelfSoAFailingSensorShows() throws Exception {
        String sku = hub.catalog().skuAt("S1", "1").orElseThrow();
        double seenBefore = changes("S1", false);
        double unseenBefore = changes("S1", true);
        MqttClient pub = client("unseen");
        try {
            long now = System.currentTimeMillis();
            pub.publish(Topics.event("S1"), org.ssk.protocol.Codec.encode(
                    new Pick("S1", "unseen", 1, now, "1", sku, 1, 500, true)), 1, false);
            pub.publish(Topics.event("S1"), org.ssk.protocol.Codec.encode(
                    new org.ssk.protocol.Putback("S1", "unseen", 2, now, "1", sku, 1, 500, true)), 1, false);
            pub.publish(Topics.event("S1"), org.ssk.protocol.Codec.encode(
                    new Pick("S1", "unseen", 3, now, "1", sku, 1, 500, false)), 1, false);
            await().atMost(WAIT).until(() -> changes("S1", true) == unseenBefore + 2 && changes("S1", false) == seenBefore + 1);
            assertEquals(1, storedCopies("S1/unseen/1"), "an unseen change is stored like any other");
            String metrics = TestHttp.get(hub.httpPort(), "/metrics").body();
            org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("ssk_shelf_changes_total{shelf=\"S1\",unseen=\"true\"}"),
                    metrics);
        } finally {
            pub.disconnect();
        }
    }

    @Test
    void theAgentsHeartbeatCountsOfUnseenChangesShowPerShelfAndAnOlderAgentsHeartbeatKeepsThem() throws Exception {
        MqttClient pub = client("heartbeat");
        try {
            pub.publish(Topics.telemetry("S2"), org.ssk.protocol.Codec.encode(new org.ssk.protocol.Telemetry("S2",
                    System.currentTimeMillis(), List.of(), false, 8190.0, 0, 60, List.of(),
                    new org.ssk.protocol.Telemetry.Changes(40, 30))), 0, false);
            await().atMost(WAIT).until(() -> share("S2") == 0.75);
            await().atMost(WAIT).until(() -> live("S2").getJsonObject("changes") != null);
            assertEquals(30, live("S2").getJsonObject("changes").getLong("unseen"), "the console's shelf view has them");
            String metrics = TestHttp.get(hub.httpPort(), "/metrics").body();
            assertTrue(metrics.contains("ssk_shelf_agent_changes_total{shelf=\"S2\",unseen=\"true\"} 30.0"), metrics);
            assertTrue(metrics.contains("ssk_shelf_agent_changes_total{shelf=\"S2\",unseen=\"false\"} 10.0"), metrics);
            double rejectedBefore = counter("ssk_ingest_rejected");
            String older = "{\"shelf\":\"S2\",\"t_ms\":" + System.currentTimeMillis() + ",\"lanes\":[],"
                    + "\"restock_mode\":true,\"proximity_mm\":null,\"outbox_pending\":0,\"uptime_s\":61}";
            pub.publish(Topics.telemetry("S2"), older.getBytes(StandardCharsets.UTF_8), 0, false);
            await().atMost(WAIT).until(() -> Boolean.TRUE.equals(live("S2").getBoolean("restock_mode")));
            assertEquals(null, live("S2").getValue("changes"));
            assertEquals(rejectedBefore, counter("ssk_ingest_rejected"), "an older agent's heartbeat is read");
            assertEquals(0.75, share("S2"), "a heartbeat without counts leaves the last ones");
        } finally {
            pub.disconnect();
        }
    }

    JsonObject live(String shelf) throws Exception {
        JsonObject live = new JsonObject(TestHttp.get(hub.httpPort(), "/api/v1/shelves/" + shelf).body()).getJsonObject("live");
        return live == null ? new JsonObject() : live;
    }

    double share(String shelf) {
        io.micrometer.core.instrument.Gauge g = hub.metrics().find("ssk_shelf_agent_unseen_share").tag("shelf", shelf)
                .gauge();
        return g == null ? -1 : g.value();
    }

    double changes(String shelf, boolean unseen) {
        Counter c = hub.metrics().find("ssk_shelf_changes").tag("shelf", shelf).tag("unseen", Boolean.toString(unseen))
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void malformedPayloadsAreCountedByReasonAndIngestCarriesOn() throws Exception {
        MqttClient bad = client("bad");
        bad.publish(Topics.event("S1"), "{not json".getBytes(StandardCharsets.UTF_8), 1, false);
        bad.publish(Topics.event("S1"), "{\"type\":\"teleport\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        bad.publish(Topics.event("S2"), "{\"type\":\"pick\",\"shelf\":\"S2\"}".getBytes(StandardCharsets.UTF_8), 1,
                false);
        await().atMost(WAIT).until(() -> rejected("malformed_json") == 1 && rejected("unknown_type") == 1
                && rejected("missing_field") == 1);
        bad.disconnect();
        try (TestHttp.Kiosk kiosk = TestHttp.Kiosk.open(hub.httpPort(), "S1")) {
            await().atMost(WAIT).until(() -> !kiosk.frames.isEmpty());
            shelf.lift("2", 1);
            awaitFrame(kiosk, "pick");
        }
        String metrics = TestHttp.get(hub.httpPort(), "/metrics").body();
        org.junit.jupiter.api.Assertions.assertTrue(
                metrics.contains("ssk_ingest_rejected_total{reason=\"unknown_type\"} 1.0"), metrics);
    }

    @Test
    void staffRestockModeReachesTheAgentOverMqttAndTheKioskFollows() throws Exception {
        try (TestHttp.Kiosk kiosk = TestHttp.Kiosk.open(hub.httpPort(), "S1")) {
            var r = TestHttp.post(hub.httpPort(), "/api/v1/shelves/S1/restock?on=true");
            assertEquals(202, r.statusCode(), r.body());
            await().atMost(WAIT).until(agent::restockMode);
            TestHttp.Kiosk.Frame f = awaitFrame(kiosk, "restock");
            assertEquals(true, new JsonObject(f.text()).getBoolean("on"), "no restock frame before the change");
        }
        assertEquals(400, TestHttp.post(hub.httpPort(), "/api/v1/shelves/S1/restock?on=maybe").statusCode());
    }

    @Test
    void aShelfWhoseAgentStopsIsShownOfflineOnItsKiosk() throws Exception {
        try (TestHttp.Kiosk kiosk = TestHttp.Kiosk.open(hub.httpPort(), "S1")) {
            await().atMost(WAIT).until(() -> !kiosk.frames.isEmpty());
            await().atMost(WAIT).until(() -> new JsonObject(TestHttp.get(hub.httpPort(), "/api/v1/shelves/S1").body())
                    .getBoolean("online"));
            agent.close();
            agent = null;
            // An earlier "online" frame may still be on its way when the agent stops: wait for the change.
            await().atMost(WAIT).until(() -> kiosk.frames.stream().map(f -> new JsonObject(f.text()))
                    .anyMatch(j -> "shelf_state".equals(j.getString("type")) && Boolean.FALSE.equals(j.getBoolean("online"))));
            await().atMost(WAIT).until(() -> !new JsonObject(TestHttp.get(hub.httpPort(), "/api/v1/shelves/S1").body())
                    .getBoolean("online"));
        }
    }

    @Test
    void everyEventTheAgentPublishesIsStoredOnceAndNothingElse() throws Exception {
        List<String> lanes = hub.catalog().shelf("S1").orElseThrow().lanes().stream()
                .filter(l -> l.sku() != null).map(org.ssk.hub.kiosk.ShelfLayout.Lane::lane).toList();
        for (String lane : lanes) {
            shelf.lift(lane, 2);
            shelf.putBack(lane, 1);
        }
        // Each lane: a lift and a pick at least, each with the agent's next sequence number.
        int atLeast = 2 * lanes.size();
        await().atMost(WAIT.multipliedBy(2)).untilAsserted(() -> {
            assertTrue(agent.lastSeq() >= atLeast, "events made: " + agent.lastSeq());
            assertEquals(0, agent.outboxPending(), "events the agent still has to send");
            assertEquals(agent.lastSeq(), agentIdsStored().size(), "events stored of " + agent.lastSeq());
        });
        List<String> stored = agentIdsStored();
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (long seq = 1; seq <= agent.lastSeq(); seq++) {
            expected.add("S1/" + agent.epoch() + "/" + seq);
        }
        assertEquals(stored.size(), new java.util.HashSet<>(stored).size(), "an event is stored twice: " + stored);
        assertEquals(expected, new java.util.TreeSet<>(stored), "the ledger holds the agent's events, no other");
        java.util.Set<String> published = new java.util.TreeSet<>();
        publishedEvents.forEach(j -> published.add(new JsonObject(j).getString("id")));
        assertEquals(expected, published, "what the broker carried is what the ledger holds");
    }

    /** Ids of the events of S1 in the ledger (read from the database), one entry per stored row. */
    List<String> agentIdsStored() throws Exception {
        return stores.ledger().events("S1").stream().map(org.ssk.hub.ledger.StoredEvent::eventId).toList();
    }

    double counter(String name) {
        Counter c = hub.metrics().find(name).counter();
        return c == null ? 0 : c.count();
    }

    double rejected(String reason) {
        Counter c = hub.metrics().find("ssk_ingest_rejected").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    static TestHttp.Kiosk.Frame awaitFrame(TestHttp.Kiosk kiosk, String type) {
        return await().atMost(WAIT).until(() -> kiosk.frames.stream()
                .filter(f -> type.equals(new JsonObject(f.text()).getString("type"))).findFirst().orElse(null),
                f -> f != null);
    }
}
