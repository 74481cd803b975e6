package org.ssk.hub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.TestHttp;

/**
 * Everything the hub logs while people sign in (rightly and wrongly), admins make users and reset
 * their passwords (typed or generated), people change their own (with a wrong and the right old one), kiosk
 * tokens and shelf credentials, and shelves connect with good and bad secrets, holds none of
 * those passwords, tokens or secrets. Isolated: it reads the process's standard error, which
 * other test classes running at the same time would write to.
 */
@Isolated
class NoSecretsInLogsTest {
    @Test
    void passwordsTokensAndShelfSecretsNeverReachTheLog(@TempDir Path dir) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> secrets = new ArrayList<>();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
            JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
            stores.accounts().createFirstAdmin("root", "root-password-1".toCharArray());
            secrets.add("root-password-1");
            try (Hub hub = Hub.start(config, stores, List.of())) {
                await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
                int port = hub.httpPort();
                assertThrows(IllegalStateException.class, () -> TestHttp.login(port, "root", "wrong-password-9"));
                secrets.add("wrong-password-9");
                String admin = TestHttp.login(port, "root", "root-password-1");
                secrets.add(admin);
                TestHttp.authorize(port, admin);
                assertEquals(201, TestHttp.postJson(port, "/api/v1/users",
                        "{\"username\":\"olga\",\"role\":\"operator\",\"password\":\"olga-password-7\"}").statusCode());
                secrets.add("olga-password-7");
                var reset = new JsonObject(TestHttp.postJson(port, "/api/v1/users/olga/password", "{}").body());
                secrets.add(reset.getString("password"));
                assertEquals(200, TestHttp.postJson(port, "/api/v1/users/olga/password",
                        "{\"password\":\"olga-typed-pw-8\"}").statusCode());
                secrets.add("olga-typed-pw-8");
                assertEquals(400, TestHttp.postJson(port, "/api/v1/auth/password",
                        "{\"old_password\":\"root-wrong-pw-3\",\"new_password\":\"root-password-2\"}").statusCode());
                secrets.add("root-wrong-pw-3");
                assertEquals(204, TestHttp.postJson(port, "/api/v1/auth/password",
                        "{\"old_password\":\"root-password-1\",\"new_password\":\"root-password-2\"}").statusCode());
                secrets.add("root-password-2");
                var kiosk = new JsonObject(TestHttp.postJson(port, "/api/v1/kiosk-tokens", "{\"label\":\"S1 display\",\"shelf\":\"S1\"}").body());
                secrets.add(kiosk.getString("token"));
                var creds = new JsonObject(TestHttp.postJson(port, "/api/v1/shelves/S1/credentials", "{}").body());
                String secret = creds.getString("password");
                secrets.add(secret);
                secrets.add(hub.internalBrokerPassword());
                mqtt(hub, "S1", secret).disconnect();
                assertThrows(MqttException.class, () -> mqtt(hub, "S1", "not-the-secret-5"));
                secrets.add("not-the-secret-5");
                TestHttp.authorize(port, null);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("signed in") && log.contains("failed sign-in") && log.contains("refused MQTT CONNECT"),
                "the events themselves are logged:\n" + log);
        for (String s : secrets) {
            assertFalse(log.contains(s), "a secret reached the log: " + s);
        }
    }

    private static MqttClient mqtt(Hub hub, String user, String password) throws Exception {
        MqttClient c = new MqttClient(hub.brokerUrl(), org.ssk.protocol.Topics.agentClientId(user),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        c.connect(o);
        return c;
    }

    /** Writes to both streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
