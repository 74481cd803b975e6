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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
 * login setup: the authentication lines of {@code deploy/hub/mosquitto/ssk.conf} (the ssk_will
 * plugin, built from {@code deploy/} by {@code build-ssk-will}, then the dynamic-security plugin)
 * and logins made by {@code deploy/hub/ssk-broker-user} itself, as
 * {@code install.sh} and a technician run it. A stolen login of shelf S1 goes after shelf S2, whose
 * real agent runs, and after the hub. Afterwards the ledger equals what S2's agent produced.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@Order(1)
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
    Map<String, String> brokerUserEnv;
    String s1Password;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        brokerUserEnv = Map.of("SSK_BROKER_CTRL_PORT", Integer.toString(port),
                "SSK_BROKER_ADMIN_FILE", dir.resolve("admin.pw").toString(),
                "SSK_DYNSEC_FILE", dir.resolve("dynsec.json").toString(),
                "SSK_HUB_ENV", Files.writeString(dir.resolve("hub.env"), "SSK_BROKER_PASSWORD=hub-pw\n").toString());
        brokerUser("init");
        // The ssk_will plugin built from deploy/ by the installer's own script.
        Path willPlugin = dir.resolve("mosquitto_ssk_will.so");
        run(Map.of(), "sh", REPO.resolve("deploy/hub/mosquitto/build-ssk-will").toString(), willPlugin.toString());
        // The authentication lines of deploy/hub/mosquitto/ssk.conf, in their order, on a plain
        // loopback listener.
        StringBuilder conf = new StringBuilder();
        for (String line : Files.readAllLines(REPO.resolve("deploy/hub/mosquitto/ssk.conf"))) {
            if (line.startsWith("per_listener_settings") || line.startsWith("allow_anonymous")
                    || line.startsWith("plugin ")) {
                conf.append(line.replace("/opt/ssk/lib/mosquitto_ssk_will.so", willPlugin.toString())).append('\n');
            } else if (line.startsWith("plugin_opt_config_file")) {
                conf.append("plugin_opt_config_file ").append(dir.resolve("dynsec.json")).append('\n');
            }
        }
        assertTrue(conf.toString().contains("mosquitto_dynamic_security.so"), conf.toString());
        assertTrue(conf.toString().contains(willPlugin.toString()), conf.toString());
        conf.append("listener ").append(port).append(" 127.0.0.1\npersistence false\n")
                .append("root".equals(System.getProperty("user.name")) ? "user root\n" : "");
        Path confFile = Files.writeString(dir.resolve("mosquitto.conf"), conf.toString());
        mosquitto = new ProcessBuilder(Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto"
                : "mosquitto", "-c", confFile.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        await().atMost(WAIT).until(() -> accepts(port));
        url = "tcp://127.0.0.1:" + port;
        brokerUser("hub");
        s1Password = addShelf("S1");
        String s2Password = addShelf("S2");
        // A test-only hub-side login to watch and to publish as the hub would (ssk-hub is the hub's alone).
        ctrl("createRole", "observer");
        ctrl("addRoleACL", "observer", "subscribePattern", "ssk/v1/#", "allow");
        ctrl("addRoleACL", "observer", "publishClientSend", "ssk/v1/#", "allow");
        ctrl("createClient", "observer", "-c", "observer", "-p", "observer-pw");
        ctrl("addClientRole", "observer", "observer");

        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString())
                .withEnv(Map.of("SSK_BROKER_URL", url, "SSK_BROKER_USERNAME", "ssk-hub", "SSK_BROKER_PASSWORD", "hub-pw"));
        stores = JdbcStorage.openWithSampleCatalog(config);
        hub = Hub.start(config, stores, List.of());
        await().atMost(WAIT).until(hub::brokerConnected);
        AgentConfig ac = TestAgents.config(hub.catalog().shelf("S2").orElseThrow(), url, s2Password,
                dir.resolve("agent"));
        shelf = ShelfAgent.simulatedShelf(ac, SimulatedShelf.Options.defaults().withActivity(SimulatedShelf.Activity.IDLE));
        s2 = ShelfAgent.start(ac, shelf, ShelfAgent.standardDetector(ac),
                ShelfAgent.Options.defaults().withReconnect(100, 1_000).withOnStored(truth::add));
        await().atMost(WAIT).until(() -> s2.connected() && s2.hubConfig().isPresent());
        watcher = connect("observer", "observer-pw", "observer", null);
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
    void aWillOtherThanTheShelfsOwnRetainedStateIsRefusedAtConnectAndS2KeepsTheHubsConfig() throws Exception {
        long hubsVersion = s2.hubConfig().orElseThrow().version();
        Pick forged = new Pick("S2", "forged", 1, System.currentTimeMillis(), "1",
                hub.catalog().skuAt("S2", "1").orElseThrow(), 1, 500);
        byte[] forgedFlag = "{\"forged\":1}".getBytes(StandardCharsets.UTF_8);
        List<Will> wills = List.of(new Will(Topics.event("S2"), Codec.encode(forged), false),
                new Will(Topics.config("S2"), Codec.encode(new ShelfConfig("S2", 99, List.of())), true),
                new Will(Topics.cmd("S2"), forgedFlag, false),
                new Will(Topics.ack("S2"), forgedFlag, false),
                new Will(Topics.state("S2"), forgedFlag, true),
                // Its own topics, but not its retained state: refused as well.
                new Will(Topics.event("S1"), forgedFlag, false),
                new Will(Topics.state("S1"), forgedFlag, false));
        for (Will w : wills) {
            // Refused by the ssk_will plugin before the broker makes a session, so there is no
            // will to fire (Mosquitto 2.0.11 alone accepts these and drops them only when sending).
            MqttException refused = assertThrows(MqttException.class,
                    () -> connect("S1", s1Password, Topics.agentClientId("S1"), w), w.topic());
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), refused.toString());
        }
        // The probe login (no will in its use) may not set one either, not even on its shelf's state.
        MqttException probe = assertThrows(MqttException.class, () -> connect("S1.probe", s1Password,
                "ssk-probe-S1", new Will(Topics.state("S1"), forgedFlag, true)));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, probe.getReasonCode(), probe.toString());
        String log = Files.readString(dir.resolve("mosquitto.log"));
        assertTrue(log.contains("ssk_will: refused CONNECT of client ssk-agent-S1 (login S1): will on " + Topics.config("S2")),
                log);

        // The control: the shelf's own retained state is accepted and fires, as a real agent's.
        List<String> s1State = new CopyOnWriteArrayList<>();
        watcher.subscribe(Topics.state("S1"), 1, (t, m) -> s1State.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        connect("S1", s1Password, Topics.agentClientId("S1"), new Will(Topics.state("S1"),
                "{\"will\":1}".getBytes(StandardCharsets.UTF_8), true)).disconnectForcibly(0, 100, false);
        await().atMost(WAIT).until(() -> s1State.contains("{\"will\":1}"));
        // And the plugin leaves the password to dynamic security: a wrong one with a good will is refused.
        assertThrows(MqttException.class, () -> connect("S1", "wrong", Topics.agentClientId("S1"),
                new Will(Topics.state("S1"), forgedFlag, true)));

        pickAndAwaitStored();
        assertEquals(hubsVersion, s2.hubConfig().orElseThrow().version());
        assertTrue(seenByHubSide.stream().noneMatch(m -> m.contains("forged") || m.contains("\"version\":99")),
                seenByHubSide.toString());
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aShelfLoginReadsOnlyItsOwnAcks() throws Exception {
        MqttClient thief = connect("S1", s1Password, Topics.agentClientId("S1"), null);
        List<String> leaked = new CopyOnWriteArrayList<>();
        thief.subscribe(Topics.ack("S1"), 1, (t, m) -> leaked.add(t));
        for (String filter : List.of(Topics.ack("S2"), "ssk/v1/shelf/+/ack")) {
            try {
                thief.subscribe(filter, 1, (t, m) -> leaked.add(t));
            } catch (MqttException refused) {
                // The plugin answers the SUBSCRIBE itself with a failure; either way nothing may arrive.
            }
        }
        pickAndAwaitStored();
        watcher.publish(Topics.ack("S1"), Codec.encode(new org.ssk.protocol.HubAck("S1", List.of("S1/x/1"))), 1, false);
        await().atMost(WAIT).until(() -> leaked.contains(Topics.ack("S1")));
        assertFalse(leaked.contains(Topics.ack("S2")), leaked.toString());
        thief.disconnect();
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aShelfLoginCannotUseTheHubsOrAnotherShelfsClientIdAndNothingIsLost() throws Exception {
        for (String stolenId : List.of(Topics.HUB_CLIENT_ID, Topics.agentClientId("S2"), Topics.probeClientId("S2"), "any")) {
            MqttException refused = assertThrows(MqttException.class, () -> connect("S1", s1Password, stolenId, null),
                    "S1's login connected as " + stolenId);
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), refused.toString());
        }
        // Nor may the hub's login take a shelf's id.
        MqttException refused = assertThrows(MqttException.class,
                () -> connect("ssk-hub", "hub-pw", Topics.agentClientId("S2"), null));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), refused.toString());
        // The control: the same login with its own client id, and its probe's login with the probe's id.
        connect("S1", s1Password, Topics.agentClientId("S1"), null).disconnect();
        connect("S1.probe", s1Password, Topics.probeClientId("S1"), null).disconnect();

        assertTrue(hub.brokerConnected() && s2.connected(), "a refused CONNECT took a session over");
        pickAndAwaitStored();
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aRevokedShelfIsDisconnectedAtOnceAndItsLaterEventsAreNotStored() throws Exception {
        MqttClient thief = connect("S1", s1Password, Topics.agentClientId("S1"), null);
        brokerUser("remove", "S1");
        // The plugin closes the session as it deletes the login: no reload, no polling.
        await().atMost(Duration.ofSeconds(30)).until(() -> !thief.isConnected());
        assertThrows(MqttException.class, () -> connect("S1", s1Password, Topics.agentClientId("S1"), null));
        thief.close();
        pickAndAwaitStored();
        assertTrue(stores.ledger().events("S1").isEmpty());
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aRotatedSecretEndsTheOldSessionAndOnlyTheNewSecretConnects() throws Exception {
        MqttClient old = connect("S1", s1Password, Topics.agentClientId("S1"), null);
        String fresh = addShelf("S1");
        await().atMost(Duration.ofSeconds(30)).until(() -> !old.isConnected());
        old.close();
        assertThrows(MqttException.class, () -> connect("S1", s1Password, Topics.agentClientId("S1"), null));
        connect("S1", fresh, Topics.agentClientId("S1"), null).disconnect();
        pickAndAwaitStored();
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
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no second try as 3.1 after a refusal
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

    /** The shipped {@code ssk-broker-user} against this test's broker; its output. */
    private String brokerUser(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("sh", REPO.resolve("deploy/hub/ssk-broker-user").toString()));
        argv.addAll(List.of(args));
        return run(brokerUserEnv, argv.toArray(String[]::new));
    }

    private String addShelf(String shelf) throws Exception {
        String out = brokerUser("add", shelf);
        String prefix = shelf + ": SSK_BROKER_PASSWORD=";
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no password printed: " + out)).substring(prefix.length());
    }

    /** A plugin command as the admin (for the test-only observer login). */
    private void ctrl(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("mosquitto_ctrl", "-h", "127.0.0.1", "-p",
                brokerUserEnv.get("SSK_BROKER_CTRL_PORT"), "-u", "ssk-admin", "-P",
                Files.readString(dir.resolve("admin.pw")).strip(), "dynsec"));
        argv.addAll(List.of(args));
        String out = run(Map.of(), argv.toArray(String[]::new));
        assertFalse(out.contains("rror"), String.join(" ", args) + ": " + out);
    }

    private static String run(Map<String, String> env, String... argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + out);
        return out;
    }
}
