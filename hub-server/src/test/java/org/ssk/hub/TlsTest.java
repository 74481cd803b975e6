package org.ssk.hub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.mqtt.MqttLink;
import org.ssk.agent.outbox.Outbox;
import org.ssk.hub.auth.Role;
import org.ssk.hub.kiosk.ShelfLayout;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;

/**
 * The hub with a certificate made by the installer's own {@code deploy/hub/ssk-make-certs}
 * (openssl): HTTPS with HSTS, plain HTTP answering only a redirect, Secure session cookies, and a
 * shelf's agent publishing over MQTT/TLS to the embedded broker (no plain MQTT left) with its
 * event in the ledger. Config problems are named before anything starts.
 */
class TlsTest {
    @TempDir
    static Path dir;
    static Path certs;
    static JdbcStorage stores;
    static Hub hub;
    static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        certs = dir.resolve("certs");
        Process p = new ProcessBuilder("sh", Path.of("..", "deploy", "hub", "ssk-make-certs").toString(),
                certs.toString(), "localhost", "127.0.0.1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString())
                .withTls(certs.resolve("broker.crt").toString(), certs.resolve("broker.key").toString(), 0);
        stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createUser("sam", Role.STAFF, "staff-password".toCharArray());
        hub = Hub.start(config, stores, List.of());
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
        https = HttpClient.newBuilder().sslContext(trusting(certs.resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    static SSLContext trusting(Path ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void httpsAnswersWithHstsAndPlainHttpOnlyRedirectsThere() throws Exception {
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + hub.httpsPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.headers().firstValue("strict-transport-security").orElse("").startsWith("max-age="));

        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + hub.httpPort() + "/api/v1/auth/login?x=1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(308, plain.statusCode());
        assertEquals("https://localhost:" + hub.httpsPort() + "/api/v1/auth/login?x=1",
                plain.headers().firstValue("location").orElseThrow());
        assertTrue(plain.headers().firstValue("set-cookie").isEmpty());
    }

    @Test
    void aBrowserSessionCookieIsSecureOverHttps() throws Exception {
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + hub.httpsPort() + "/api/v1/auth/login")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"sam\",\"password\":\"staff-password\",\"session\":\"cookie\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(List.of(cookie.split(";\\s*")).stream().anyMatch(a -> a.equalsIgnoreCase("Secure")), cookie);
    }

    @Test
    void anAgentPublishesOverMqttTlsAndTheEventIsStored() throws Exception {
        assertTrue(hub.brokerUrl().startsWith("ssl://"), hub.brokerUrl());
        String secret = stores.shelfCredentials().issue("S1");
        ShelfLayout.Lane lane = hub.catalog().shelf("S1").orElseThrow().lanes().get(0);
        try (Outbox outbox = Outbox.open(dir.resolve("agent"), Outbox.DEFAULT_CAPACITY)) {
            MqttLink link = new MqttLink("S1", MqttLink.Settings.of(hub.brokerUrl(), "S1", secret, "ssk-agent-S1")
                    .withCaFile(certs.resolve("ca.crt").toString()), outbox, new MqttLink.Inbound() {
                        @Override
                        public void config(ShelfConfig config) {
                        }

                        @Override
                        public void command(ShelfCommand command) {
                        }
                    }, "tls-test");
            try {
                link.start();
                Pick pick = new Pick("S1", outbox.epoch(), outbox.lastSeq() + 1, System.currentTimeMillis(),
                        lane.lane(), lane.sku(), 1, lane.unitGrams());
                outbox.append(pick);
                link.eventAppended();
                await().atMost(Duration.ofSeconds(20)).until(() -> stores.ledger().events("S1").stream()
                        .anyMatch(e -> e.eventId().equals(pick.id())));
            } finally {
                link.close();
            }
        }
    }

    @Test
    void theBrokerSpeaksNoPlainMqtt() throws Exception {
        String secret = stores.shelfCredentials().issue("S2");
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + hub.mqttPort(), "ssk-agent-S2", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("S2");
        o.setPassword(secret.toCharArray());
        o.setConnectionTimeout(5);
        assertThrows(org.eclipse.paho.client.mqttv3.MqttException.class, () -> c.connect(o));
        c.close();
    }

    @Test
    void aCertificateWithoutItsKeyOrAMissingFileIsNamedAtStart() {
        var noKey = assertThrows(HubConfig.InvalidConfigException.class, () -> HubConfig.defaults()
                .withDataDir(dir.toString()).withTls(certs.resolve("broker.crt").toString(), null, 8443).validate());
        assertTrue(noKey.getMessage().contains("tls_cert and tls_key"), noKey.getMessage());
        var missing = assertThrows(HubConfig.InvalidConfigException.class, () -> HubConfig.defaults()
                .withDataDir(dir.toString()).withEnv(Map.of("SSK_TLS_CERT", "/nonexistent/hub.crt",
                        "SSK_TLS_KEY", certs.resolve("broker.crt").toString())).validate());
        assertTrue(missing.getMessage().contains("cannot read /nonexistent/hub.crt")
                && missing.getMessage().contains("tls_key (SSK_TLS_KEY)"), missing.getMessage());
    }
}
