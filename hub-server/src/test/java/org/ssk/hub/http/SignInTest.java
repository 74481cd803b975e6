package org.ssk.hub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.auth.Role;
import org.ssk.hub.ledger.JdbcStorage;

/**
 * Signing in as an attacker would try it, on a running hub with the real stores: unknown names
 * cost the same bcrypt check as known ones, a guesser at one address is slowed while the real
 * user at another signs in, only JSON bodies are accepted, and a kiosk token can neither sign
 * itself out nor reach anything beyond the kiosk's routes.
 */
class SignInTest {
    @TempDir
    static Path dir;
    static JdbcStorage stores;
    static Hub hub;
    static String kiosk;

    @BeforeAll
    static void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createFirstAdmin("root", "admin-password".toCharArray());
        stores.accounts().createUser("sam", Role.STAFF, "staff-password".toCharArray());
        hub = Hub.start(config, stores, List.of());
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
        kiosk = stores.accounts().issueKioskToken("kiosk S1", "S1");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    /** A client whose connections come from {@code from} (any 127.x address reaches the hub on Linux). */
    private static HttpClient from(String from) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(from))
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    private static HttpResponse<String> send(HttpClient client, String method, String path, String token,
                                             String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("content-type", type);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> login(HttpClient client, String user, String password) throws Exception {
        return send(client, "POST", "/api/v1/auth/login", null, "application/json",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void anUnknownNameCostsTheSameBcryptCheckAsAKnownOne() throws Exception {
        HttpClient c = from("127.0.0.3");
        stores.accounts().createUser("gone", Role.STAFF, "gone-password".toCharArray());
        stores.accounts().updateUser("gone", null, true, null);
        for (String name : List.of("nobody-here", "sam", "gone")) {
            long before = stores.accounts().passwordChecks();
            HttpResponse<String> r = login(c, name, "not-the-password");
            assertEquals(401, r.statusCode(), name);
            assertEquals("{\"error\":\"unauthorized\",\"reason\":\"wrong user name or password\"}", r.body(), name);
            assertEquals(before + 1, stores.accounts().passwordChecks(), "one bcrypt verification for " + name);
        }
    }

    @Test
    void aGuesserAtOneAddressIsSlowedWhileTheRealUserAtAnotherSignsIn() throws Exception {
        HttpClient guesser = from("127.0.0.2");
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            int status = login(guesser, "root", "guess-" + i).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
            refused += status == 429 ? 1 : 0;
        }
        assertTrue(refused >= 3, "the guesser was slowed: " + refused + " of 8 refused outright");
        HttpResponse<String> slowed = login(guesser, "root", "admin-password");
        assertEquals(429, slowed.statusCode(), "even the right password waits at the guesser's address");
        assertTrue(Integer.parseInt(slowed.headers().firstValue("retry-after").orElseThrow()) > 0);
        assertEquals(200, login(from("127.0.0.1"), "root", "admin-password").statusCode(),
                "the admin at their own address is not locked out");
    }

    @Test
    void signInTakesOnlyJsonSoAnotherSitesFormCannotPostIt() throws Exception {
        HttpClient c = from("127.0.0.4");
        String body = "{\"username\":\"sam\",\"password\":\"staff-password\",\"session\":\"cookie\"}";
        for (String type : new String[] {"text/plain", "text/plain;charset=UTF-8", null}) {
            HttpResponse<String> r = send(c, "POST", "/api/v1/auth/login", null, type, body);
            assertEquals(415, r.statusCode(), "content type " + type);
            assertTrue(r.headers().firstValue("set-cookie").isEmpty(), "no session for " + type);
        }
        assertEquals(200, send(c, "POST", "/api/v1/auth/login", null, "application/json; charset=utf-8", body)
                .statusCode());
    }

    @Test
    void aKioskTokenCannotSignItselfOut() throws Exception {
        HttpClient c = from("127.0.0.1");
        HttpResponse<String> r = send(c, "POST", "/api/v1/auth/logout", kiosk, null, null);
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(200, send(c, "GET", "/api/v1/shelves", kiosk, null, null).statusCode(), "the token still works");
    }

    @Test
    void aKioskTokenReachesNothingBeyondTheKioskRoutes() throws Exception {
        HttpClient c = from("127.0.0.1");
        int checked = 0;
        for (Access.Rule rule : Access.RULES) {
            if (rule.need() == Access.Need.PUBLIC || rule.need() == Access.Need.ANY) {
                continue;
            }
            String path = rule.pattern().replace("/**", "/x").replace("*", "S1");
            String method = rule.method() == null ? "POST" : rule.method().name();
            if (path.startsWith("/ws/")) {
                continue;
            }
            HttpResponse<String> r = send(c, method, path, kiosk, method.equals("GET") ? null : "application/json",
                    method.equals("GET") ? null : "{}");
            assertEquals(403, r.statusCode(), method + " " + path + " with a kiosk token: " + r.body());
            checked++;
        }
        assertTrue(checked > 10, "walked " + checked + " rules");
    }
}
