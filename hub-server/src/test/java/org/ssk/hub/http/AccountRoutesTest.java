package org.ssk.hub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;
import org.ssk.hub.auth.Role;
import org.ssk.hub.ledger.JdbcStorage;

/**
 * The hub's account management over HTTP, as the region console has it (issue: "same accounts and
 * protections"), on a running hub with the real stores: an admin resets a password (typed, or
 * generated and answered once) or deletes an account, and its sessions end; a new role or a
 * disable ends them too; the last enabled admin is never demoted, disabled or deleted (409
 * {@code last_admin}); everyone changes their own password with the old one, throttled like a
 * sign-in, and their other sessions end.
 */
@Timeout(180)
class AccountRoutesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    @TempDir
    static Path dir;
    static JdbcStorage stores;
    static Hub hub;
    static String root;

    @BeforeAll
    static void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createFirstAdmin("root", "admin-password".toCharArray());
        hub = Hub.start(config, stores, List.of());
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
        root = TestHttp.login(hub.httpPort(), "root", "admin-password");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String token, JsonObject body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("content-type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int me(String token) throws Exception {
        return send("GET", "/api/v1/auth/me", token, null).statusCode();
    }

    private static String login(String user, String password) throws Exception {
        return TestHttp.login(hub.httpPort(), user, password);
    }

    private static int loginStatus(String user, String password) throws Exception {
        return send("POST", "/api/v1/auth/login", null, new JsonObject().put("username", user)
                .put("password", password)).statusCode();
    }

    @Test
    void theLastEnabledAdminIsNeverDemotedDisabledOrDeleted() throws Exception {
        for (var change : List.of(new String[] {"PATCH", "{\"role\":\"staff\"}"},
                new String[] {"PATCH", "{\"disabled\":true}"}, new String[] {"DELETE", null})) {
            HttpResponse<String> r = send(change[0], "/api/v1/users/root", root,
                    change[1] == null ? null : new JsonObject(change[1]));
            assertEquals(409, r.statusCode(), change[0] + " " + change[1] + ": " + r.body());
            assertEquals("last_admin", new JsonObject(r.body()).getString("error"));
        }
        assertEquals(200, me(root), "the refused changes ended no session");
        JsonObject self = send("GET", "/api/v1/users", root, null).body().transform(io.vertx.core.json.JsonArray::new)
                .stream().map(JsonObject.class::cast).filter(u -> u.getString("username").equals("root"))
                .findFirst().orElseThrow();
        assertEquals("admin", self.getString("role"));
        assertFalse(self.getBoolean("disabled"));
    }

    @Test
    void aResetEndsTheSessionsAndAGeneratedPasswordIsAnsweredOnceAndSignsIn() throws Exception {
        stores.accounts().createUser("forgetful", Role.STAFF, "forgetful-password".toCharArray());
        String before = login("forgetful", "forgetful-password");
        assertEquals(403, send("POST", "/api/v1/users/forgetful/password", before, new JsonObject()).statusCode(),
                "staff reset no one");
        HttpResponse<String> r = send("POST", "/api/v1/users/forgetful/password", root, new JsonObject());
        assertEquals(200, r.statusCode(), r.body());
        String generated = new JsonObject(r.body()).getString("password");
        assertNotNull(generated);
        assertEquals(401, me(before), "the old session ended");
        assertEquals(401, loginStatus("forgetful", "forgetful-password"));
        assertEquals(200, me(login("forgetful", generated)));

        HttpResponse<String> typed = send("POST", "/api/v1/users/forgetful/password", root,
                new JsonObject().put("password", "typed-password-1"));
        assertEquals(200, typed.statusCode(), typed.body());
        assertFalse(new JsonObject(typed.body()).containsKey("password"), "a typed password is not sent back");
        login("forgetful", "typed-password-1");
        HttpResponse<String> noBody = send("POST", "/api/v1/users/forgetful/password", root, null);
        assertEquals(200, noBody.statusCode(), "no body is a generated password too: " + noBody.body());
        login("forgetful", new JsonObject(noBody.body()).getString("password"));
        assertEquals(400, send("POST", "/api/v1/users/forgetful/password", root,
                new JsonObject().put("password", "short")).statusCode());
        assertEquals(404, send("POST", "/api/v1/users/nobody/password", root, new JsonObject()).statusCode());
    }

    @Test
    void aDeletedAccountIsGoneWithItsSessions() throws Exception {
        stores.accounts().createUser("leaver", Role.OPERATOR, "leaver-password".toCharArray());
        String session = login("leaver", "leaver-password");
        assertEquals(403, send("DELETE", "/api/v1/users/root", session, null).statusCode());
        HttpResponse<String> r = send("DELETE", "/api/v1/users/leaver", root, null);
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(401, me(session));
        assertEquals(401, loginStatus("leaver", "leaver-password"));
        assertEquals(404, send("DELETE", "/api/v1/users/leaver", root, null).statusCode());
    }

    @Test
    void aNewRoleOrADisableEndsTheSessions() throws Exception {
        stores.accounts().createUser("mover", Role.STAFF, "mover-password".toCharArray());
        String first = login("mover", "mover-password");
        assertEquals(200, send("PATCH", "/api/v1/users/mover", root, new JsonObject().put("role", "operator"))
                .statusCode());
        assertEquals(401, me(first), "a new role: sign in again to get it");
        String second = login("mover", "mover-password");
        assertEquals(200, send("PATCH", "/api/v1/users/mover", root, new JsonObject().put("disabled", true))
                .statusCode());
        assertEquals(401, me(second));
        assertEquals(401, loginStatus("mover", "mover-password"));
    }

    @Test
    void everyoneChangesTheirOwnPasswordWithTheOldOneAndTheirOtherSessionsEnd() throws Exception {
        stores.accounts().createUser("sam", Role.STAFF, "sam-password-1".toCharArray());
        String here = login("sam", "sam-password-1");
        String elsewhere = login("sam", "sam-password-1");
        HttpResponse<String> wrong = send("POST", "/api/v1/auth/password", here,
                new JsonObject().put("old_password", "not-my-password").put("new_password", "sam-password-2"));
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertEquals("wrong_password", new JsonObject(wrong.body()).getString("error"));
        assertEquals(200, me(elsewhere), "a refused change ends nothing");
        assertEquals(400, send("POST", "/api/v1/auth/password", here, new JsonObject()
                .put("old_password", "sam-password-1").put("new_password", "short")).statusCode());
        HttpResponse<String> ok = send("POST", "/api/v1/auth/password", here, new JsonObject()
                .put("old_password", "sam-password-1").put("new_password", "sam-password-2"));
        assertEquals(204, ok.statusCode(), ok.body());
        assertEquals(200, me(here), "the session that changed it stays");
        assertEquals(401, me(elsewhere));
        assertEquals(401, loginStatus("sam", "sam-password-1"));
        login("sam", "sam-password-2");

        String kiosk = stores.accounts().issueKioskToken("kiosk S1", "S1");
        assertEquals(403, send("POST", "/api/v1/auth/password", kiosk, new JsonObject()
                .put("old_password", "x").put("new_password", "kiosk-password")).statusCode(), "a kiosk has no password");
        assertEquals(401, send("POST", "/api/v1/auth/password", null, new JsonObject()
                .put("old_password", "sam-password-2").put("new_password", "sam-password-3")).statusCode());
    }

    @Test
    void wrongOldPasswordsAreThrottledLikeSignIns() throws Exception {
        stores.accounts().createUser("guessed", Role.STAFF, "guessed-password".toCharArray());
        String session = login("guessed", "guessed-password");
        JsonObject guess = new JsonObject().put("old_password", "not-it-at-all").put("new_password", "new-password-1");
        for (int i = 0; i < 5; i++) {
            assertEquals(400, send("POST", "/api/v1/auth/password", session, guess).statusCode(), "guess " + i);
        }
        HttpResponse<String> slowed = send("POST", "/api/v1/auth/password", session, new JsonObject()
                .put("old_password", "guessed-password").put("new_password", "new-password-1"));
        assertEquals(429, slowed.statusCode(), slowed.body());
        assertNotNull(slowed.headers().firstValue("Retry-After").orElse(null));
    }
}
