package org.ssk.hub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.ShelfAgent;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestAgents;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Topics;

/**
 * The MQTT attacks of issue 13 against a private Mosquitto (Debian's 2.0.11) run with the shipped
 * password and ACL setup ({@code deploy/hub/mosquitto/acl} itself, {@code mosquitto_passwd} logins
 * as {@code ssk-broker-user} makes them): a stolen login of shelf S1 goes after shelf S2, whose
 * real agent runs, and after the hub. Afterwards the ledger equals what S2's agent produced.
 */
class MosquittoAttackTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    Process mosquitto;
    String url;
    JdbcStorage stores;
    Hub hub;
    ShelfAgent s2;
    SimulatedShelf shelf;
    final List<ShelfEvent> truth = new CopyOnWriteArrayList<>();
    final List<String> seenByHubSide = new CopyOnWriteArrayList<>();
    MqttClient watcher;

    @BeforeEach
    void start() throws Exception {
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "");
        for (String[] login : List.of(new String[] {"ssk-hub", "hub-pw"}, new String[] {"S1", "s1-pw"},
                new String[] {"S2", "s2-pw"})) {
            run("mosquitto_passwd", "-b", passwd.toString(), login[0], login[1]);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // The authentication lines of deploy/hub/mosquitto/ssk.conf, on a plain loopback listener.
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "per_listener_settings false\n"
                + "allow_anonymous false\npassword_file " + passwd + "\nacl_file " + REPO.resolve("deploy/hub/mosquitto/acl")
                + "\nlistener " + port + " 127.0.0.1\npersistence false\n"
                + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
        mosquitto = new ProcessBuilder(Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto"
                : "mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        await().atMost(WAIT).until(() -> accepts(port));
        url = "tcp://127.0.0.1:" + port;

        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString())
                .withEnv(Map.of("SSK_BROKER_URL", url, "SSK_BROKER_USERNAME", "ssk-hub", "SSK_BROKER_PASSWORD", "hub-pw"));
        stores = JdbcStorage.openWithSampleCatalog(config);
        hub = Hub.start(config, stores, List.of());
        await().atMost(WAIT).until(hub::brokerConnected);
        AgentConfig ac = TestAgents.config(hub.catalog().shelf("S2").orElseThrow(), url, "s2-pw",
                dir.resolve("agent"));
        shelf = ShelfAgent.simulatedShelf(ac, SimulatedShelf.Options.defaults().withActivity(SimulatedShelf.Activity.IDLE));
        s2 = ShelfAgent.start(ac, shelf, ShelfAgent.standardDetector(ac),
                ShelfAgent.Options.defaults().withReconnect(100, 1_000).withOnStored(truth::add));
        await().atMost(WAIT).until(() -> s2.connected() && s2.hubConfig().isPresent());
        watcher = connect("ssk-hub", "hub-pw", "watcher", null);
        watcher.subscribe("ssk/v1/shelf/S2/#", 1, (t, m) -> seenByHubSide.add(t + " "
                + new String(m.getPayload(), StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() throws Exception {
        if (watcher != null && watcher.isConnected()) {
            watcher.disconnect();
        }
        if (s2 != null) {
            s2.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWillOnAnotherShelfsTopicsIsNeverDeliveredAndS2KeepsTheHubsConfig() throws Exception {
        long hubsVersion = s2.hubConfig().orElseThrow().version();
        Pick forged = new Pick("S2", "forged", 1, System.currentTimeMillis(), "1",
                hub.catalog().skuAt("S2", "1").orElseThrow(), 1, 500);
        List<Will> wills = List.of(new Will(Topics.event("S2"), Codec.encode(forged), false),
                new Will(Topics.config("S2"), Codec.encode(new ShelfConfig("S2", 99, List.of())), true),
                new Will(Topics.cmd("S2"), "{\"forged\":1}".getBytes(StandardCharsets.UTF_8), false),
                new Will(Topics.ack("S2"), "{\"forged\":1}".getBytes(StandardCharsets.UTF_8), false));
        for (Will w : wills) {
            // Mosquitto 2.0.11 accepts the CONNECT; the ACL stops the will when it would be sent.
            try {
                connect("S1", "s1-pw", Topics.agentClientId("S1"), w).disconnectForcibly(0, 100, false);
            } catch (MqttException refused) {
                assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), refused.toString());
            }
        }
        // The control: a will the ACL allows is delivered, so the ones above had their chance.
        List<String> s1State = new CopyOnWriteArrayList<>();
        watcher.subscribe(Topics.state("S1"), 1, (t, m) -> s1State.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        connect("S1", "s1-pw", Topics.agentClientId("S1"), new Will(Topics.state("S1"),
                "{\"will\":1}".getBytes(StandardCharsets.UTF_8), true)).disconnectForcibly(0, 100, false);
        await().atMost(WAIT).until(() -> s1State.contains("{\"will\":1}"));

        pickAndAwaitStored();
        assertEquals(hubsVersion, s2.hubConfig().orElseThrow().version());
        assertTrue(seenByHubSide.stream().noneMatch(m -> m.contains("forged") || m.contains("\"version\":99")),
                seenByHubSide.toString());
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aShelfLoginReadsOnlyItsOwnAcks() throws Exception {
        MqttClient thief = connect("S1", "s1-pw", Topics.agentClientId("S1"), null);
        List<String> leaked = new CopyOnWriteArrayList<>();
        thief.subscribe(new String[] {Topics.ack("S2"), "ssk/v1/shelf/+/ack", Topics.ack("S1")}, new int[] {1, 1, 1},
                new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {(t, m) -> leaked.add(t),
                    (t, m) -> leaked.add(t), (t, m) -> leaked.add(t)});
        pickAndAwaitStored();
        watcher.publish(Topics.ack("S1"), Codec.encode(new org.ssk.protocol.HubAck("S1", List.of("S1/x/1"))), 1, false);
        await().atMost(WAIT).until(() -> leaked.contains(Topics.ack("S1")));
        assertFalse(leaked.contains(Topics.ack("S2")), leaked.toString());
        thief.disconnect();
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aShelfLoginTakingTheHubsClientIdLosesNoEvent() throws Exception {
        // Mosquitto 2.0.11 without a plugin does not tie client ids to logins: the takeover itself
        // succeeds. What must hold is the ledger: the agent keeps what the hub did not acknowledge.
        MqttClient usurper = connect("S1", "s1-pw", Topics.HUB_CLIENT_ID, null);
        shelf.lift("1", 1);
        await().atMost(WAIT).until(() -> truth.stream().anyMatch(e -> e instanceof Pick));
        // The hub takes its id back within its reconnect back-off, dropping the usurper.
        await().atMost(WAIT).until(hub::brokerConnected);
        if (usurper.isConnected()) {
            usurper.disconnectForcibly(0, 100, false);
        }
        usurper.close();
        pickAndAwaitStored();
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aRevokedShelfIsDisconnectedOnTheBrokersReloadAndItsLaterEventsAreNotStored() throws Exception {
        MqttClient thief = connect("S1", "s1-pw", Topics.agentClientId("S1"), null);
        // What ssk-broker-user remove does: delete the login, then reload Mosquitto (SIGHUP).
        run("mosquitto_passwd", "-D", dir.resolve("passwd").toString(), "S1");
        run("kill", "-HUP", Long.toString(mosquitto.pid()));
        await().atMost(WAIT).until(() -> !thief.isConnected());
        assertThrows(MqttException.class, () -> connect("S1", "s1-pw", Topics.agentClientId("S1"), null));
        thief.close();
        pickAndAwaitStored();
        assertTrue(stores.ledger().events("S1").isEmpty());
        assertLedgerHoldsExactlyTheTruth();
    }

    private void pickAndAwaitStored() {
        int before = truth.size();
        shelf.lift("1", 1);
        await().atMost(WAIT).until(() -> truth.stream().skip(before).anyMatch(e -> e instanceof Pick));
        await().atMost(WAIT).until(() -> ledgerIds().containsAll(ids(truth)));
    }

    private void assertLedgerHoldsExactlyTheTruth() throws Exception {
        await().atMost(WAIT).until(() -> s2.outboxPending() == 0);
        assertEquals(ids(truth), ledgerIds());
    }

    private Set<String> ledgerIds() throws Exception {
        List<String> all = stores.ledger().events("S2").stream().map(e -> e.eventId()).toList();
        assertEquals(all.size(), Set.copyOf(all).size(), "an id stored twice: " + all);
        return Set.copyOf(all);
    }

    private static Set<String> ids(List<ShelfEvent> events) {
        return events.stream().map(ShelfEvent::id).collect(Collectors.toSet());
    }

    private record Will(String topic, byte[] payload, boolean retained) {
    }

    private MqttClient connect(String user, String password, String clientId, Will will) throws Exception {
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        c.setTimeToWait(10_000);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setConnectionTimeout(10);
        if (will != null) {
            o.setWill(will.topic(), will.payload(), 1, will.retained());
        }
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + out);
    }
}
