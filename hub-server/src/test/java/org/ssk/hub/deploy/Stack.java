package org.ssk.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The documented deployment, installed into a temporary root and run from its units' commands
 * without systemd (see {@link Deployment}): Mosquitto with the installed {@code ssk.conf}, the hub
 * from {@code ssk-hub.service}, the agent from {@code ssk-agent.service} on a simulated shelf.
 * The shelf's broker login is made the technician's way, with {@code ssk-broker-user add} pasted
 * into {@code agent.env}. {@link #close} ends every process. Used by one test class at a time.
 */
final class Stack implements AutoCloseable {
    static final String SHELF = "S1";

    final Processes procs;
    final Deployment deployment;
    final String hubPassword;
    /** S1's broker password, once {@link #startBroker} made its login. */
    String shelfPassword;
    Process broker;
    Process hub;
    Process agent;

    private final Path tmp;

    private Stack(Path tmp, Processes procs, Deployment deployment, String hubPassword) {
        this.tmp = tmp;
        this.procs = procs;
        this.deployment = deployment;
        this.hubPassword = hubPassword;
    }

    /** Installs shelf and hub into {@code tmp/root}; starts nothing (the logins need a running broker). */
    static Stack install(Path tmp) throws Exception {
        Processes procs = new Processes(tmp.resolve("logs"));
        Path jar = Files.writeString(tmp.resolve("stand-in.jar"), "replaced by -cp when the units run");
        Path agentJson = Files.writeString(tmp.resolve("agent.json"), simulatedShelfConfig());
        Installation installed = Installation.install(procs, tmp.resolve("root"), jar, agentJson,
                "http://hub.local:8080/kiosk/" + SHELF);
        Deployment deployment = new Deployment(installed, Processes.freePort(), Processes.freePort(),
                Processes.freePort());

        // The installed agent.json names the documented broker (ssl://hub.local:8883).
        Path agentConfig = installed.path("/etc/ssk/agent.json");
        Files.writeString(agentConfig, deployment.adapt(Files.readString(agentConfig)));
        String hubPassword = deployment.env("/etc/ssk/hub.env").get("SSK_BROKER_PASSWORD");
        return new Stack(tmp, procs, deployment, hubPassword);
    }

    /**
     * Mosquitto with the installed config, on this test's ports; then the logins made as
     * {@code install.sh} and the technician make them: {@code ssk-broker-user hub}, then
     * {@code ssk-broker-user add S1} pasted into {@code agent.env}.
     */
    void startBroker() throws Exception {
        startBrokerProcess();
        brokerUser("hub");
        shelfPassword = addShelfLogin(SHELF);
        Path agentEnv = deployment.installed().path("/etc/ssk/agent.env");
        Files.writeString(agentEnv, Files.readString(agentEnv).replaceFirst("(?m)^SSK_BROKER_PASSWORD=.*$",
                "SSK_BROKER_PASSWORD=" + shelfPassword));
    }

    /** {@code ssk-broker-user add SHELF} against the running broker; the password it printed. */
    String addShelfLogin(String shelf) throws Exception {
        String out = brokerUser("add", shelf);
        String line = out.lines().filter(l -> l.startsWith(shelf + ": SSK_BROKER_PASSWORD=")).findFirst()
                .orElseThrow(() -> new AssertionError("ssk-broker-user printed no password: " + out));
        return line.substring(line.indexOf('=') + 1);
    }

    /** The installed {@code ssk-broker-user} with its documented files in the root and the test's loopback port. */
    String brokerUser(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("sh",
                deployment.installed().path("/usr/local/sbin/ssk-broker-user").toString()));
        argv.addAll(List.of(args));
        Processes.Result r = procs.run(argv, Map.of("SSK_BROKER_CTRL_PORT", Integer.toString(deployment.loopbackPort()),
                "SSK_BROKER_ADMIN_FILE", deployment.installed().path("/etc/mosquitto/ssk/admin.pw").toString(),
                "SSK_HUB_ENV", deployment.installed().path("/etc/ssk/hub.env").toString()), tmp, Duration.ofSeconds(60));
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.output());
        return r.output();
    }

    private void startBrokerProcess() throws Exception {
        String conf = deployment.adapt(Files.readString(deployment.installed().path("/etc/mosquitto/conf.d/ssk.conf")));
        if ("root".equals(System.getProperty("user.name"))) {
            // Started as root, Mosquitto would drop to the mosquitto user, who cannot read a test's temp dir.
            conf += "\nuser root\n";
        }
        Path file = Files.writeString(tmp.resolve("mosquitto.conf"), conf);
        String exe = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
        broker = procs.start("mosquitto", List.of(exe, "-c", file.toString()), Map.of(), tmp);
        procs.awaitPort("mosquitto", broker, deployment.tlsPort(), Duration.ofSeconds(30));
        procs.awaitPort("mosquitto", broker, deployment.loopbackPort(), Duration.ofSeconds(30));
    }

    /** The hub as {@code ssk-hub.service} runs it, once its HTTP port answers. */
    void startHub() throws Exception {
        Deployment.Command h = deployment.command("ssk-hub.service", "ExecStart");
        hub = procs.start("hub", h.argv(), h.env(), h.workDir());
        procs.awaitPort("hub", hub, deployment.httpPort(), Duration.ofSeconds(90));
    }

    /** The agent as {@code ssk-agent.service} runs it. */
    void startAgent() throws Exception {
        Deployment.Command a = deployment.command("ssk-agent.service", "ExecStart");
        agent = procs.start("agent", a.argv(), a.env(), a.workDir());
    }

    /** An MQTT client; over TLS ({@code ssl://}) it trusts the center's CA that ssk-make-certs made. */
    MqttClient mqtt(String url, String clientId, String user, String password) throws Exception {
        MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no second try as 3.1 after a refusal
        o.setCleanSession(true);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        if (url.startsWith("ssl:")) {
            o.setSocketFactory(trustingTheCentersCa().getSocketFactory());
        }
        c.connect(o);
        return c;
    }

    /** Sends a signal to a process (STOP and CONT simulate a hung agent). */
    void signal(String sig, long pid) throws Exception {
        Processes.Result r = procs.run(List.of("kill", "-" + sig, Long.toString(pid)), Map.of(), Path.of("/"),
                Duration.ofSeconds(10));
        assertEquals(0, r.exit(), r.output());
    }

    @Override
    public void close() {
        procs.close();
    }

    private SSLContext trustingTheCentersCa() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(deployment.installed().path("/etc/mosquitto/ssk/certs/ca.crt"))) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The agent's config for a shelf of simulated load cells, reporting telemetry every second. */
    private static String simulatedShelfConfig() {
        return """
                {
                  "shelf": "%s",
                  "broker": {"url": "ssl://hub.local:8883", "username": "%s", "password": null},
                  "data_dir": "/var/lib/ssk-agent",
                  "sps": 80,
                  "telemetry_interval_ms": 1000,
                  "lanes": [
                    {"id": "1", "sensor": {"type": "simulated"},
                     "calibration": {"offset": 0, "counts_per_gram": 1, "capacity_grams": 20000},
                     "sku": "rice-2500", "unit_grams": 2500.0, "initial_qty": 4},
                    {"id": "2", "sensor": {"type": "simulated"},
                     "calibration": {"offset": 0, "counts_per_gram": 1, "capacity_grams": 10000},
                     "sku": "honey-500", "unit_grams": 500.0, "initial_qty": 6}
                  ],
                  "proximity": null,
                  "button_pin": null,
                  "led_pin": null
                }
                """.formatted(SHELF, SHELF);
    }
}
