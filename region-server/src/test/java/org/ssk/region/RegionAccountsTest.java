package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.region.console.RegionRole;

/**
 * Region admins manage the console's accounts over the API: roles, resets (typed or generated,
 * shown once), disable, enable, delete; everyone changes their own password with the old one. The
 * last enabled region-admin can be neither demoted, disabled nor deleted (409); a reset, a disable
 * or a deletion ends the account's sessions; a viewer may change nothing but their own password;
 * every cookie write needs the CSRF token. Each test works on accounts of its own names.
 */
@Timeout(300)
class RegionAccountsTest {
    static PrivatePostgres pg;
    static RegionHarness region;
    static ConsoleSession root;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
        region = new RegionHarness(pg.newDatabase(), ConsoleFixture.ADMIN_TOKEN);
        region.accounts.createFirstAdmin("root", "admin-password".toCharArray());
        root = ConsoleSession.signIn(region, "root", "admin-password");
    }

    @AfterAll
    static void stop() {
        if (region != null) {
            region.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static HttpResponse<String> patch(ConsoleSession s, String user, JsonObject body) throws Exception {
        return s.send("PATCH", "/api/v1/users/" + user, "application/json", body.encode(), s.csrf());
    }

    private static HttpResponse<String> delete(ConsoleSession s, String user) throws Exception {
        return s.send("DELETE", "/api/v1/users/" + user, "application/json", "", s.csrf());
    }

    private static JsonObject listed(String user) throws Exception {
        JsonArray all = new JsonArray(root.get("/api/v1/users").body());
        return all.stream().map(JsonObject.class::cast).filter(u -> u.getString("username").equals(user))
                .findFirst().orElse(null);
    }

    @Test
    void anAdminChangesARoleAndTheNewRoleCountsAtOnce() throws Exception {
        region.accounts.createUser("promoted", RegionRole.REGION_VIEWER, "promoted-password".toCharArray());
        ConsoleSession s = ConsoleSession.signIn(region, "promoted", "promoted-password");
        assertEquals(403, s.get("/api/v1/users").statusCode());
        HttpResponse<String> r = patch(root, "promoted", new JsonObject().put("role", "region-admin"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("region-admin", listed("promoted").getString("role"));
        assertEquals(200, s.get("/api/v1/users").statusCode(), "the same session, now an admin's");
        assertEquals(400, patch(root, "promoted", new JsonObject().put("role", "boss")).statusCode());
        assertEquals(404, patch(root, "nobody", new JsonObject().put("role", "region-viewer")).statusCode());
    }

    @Test
    void theLastEnabledAdminIsNeverDemotedDisabledOrDeleted() throws Exception {
        RegionHarness alone = new RegionHarness(pg.newDatabase(), ConsoleFixture.ADMIN_TOKEN);
        try {
            alone.accounts.createFirstAdmin("only", "only-password".toCharArray());
            alone.accounts.createUser("spare", RegionRole.REGION_ADMIN, "spare-password".toCharArray());
            alone.accounts.setDisabled("spare", true);
            ConsoleSession only = ConsoleSession.signIn(alone, "only", "only-password");
            for (HttpResponse<String> r : java.util.List.of(
                    patch(only, "only", new JsonObject().put("role", "region-viewer")),
                    patch(only, "only", new JsonObject().put("disabled", true)), delete(only, "only"))) {
                assertEquals(409, r.statusCode(), r.body());
                assertEquals("last_admin", new JsonObject(r.body()).getString("error"));
                assertTrue(new JsonObject(r.body()).getString("message").contains("at least one enabled region-admin"));
            }
            assertEquals(200, only.get("/api/v1/users").statusCode(), "still an admin, still signed in");
            assertEquals(200, patch(only, "spare", new JsonObject().put("disabled", false)).statusCode());
            assertEquals(200, patch(only, "only", new JsonObject().put("role", "region-viewer")).statusCode(),
                    "with another enabled admin the first may step down");
        } finally {
            alone.close();
        }
    }

    @Test
    void aResetEndsTheSessionsAndAGeneratedPasswordIsShownOnce() throws Exception {
        region.accounts.createUser("forgetful", RegionRole.REGION_VIEWER, "forgetful-password".toCharArray());
        ConsoleSession before = ConsoleSession.signIn(region, "forgetful", "forgetful-password");
        HttpResponse<String> r = root.post("/api/v1/users/forgetful/password", new JsonObject());
        assertEquals(200, r.statusCode(), r.body());
        String generated = new JsonObject(r.body()).getString("password");
        assertNotNull(generated);
        assertTrue(generated.length() >= 10, generated);
        assertEquals(401, before.get("/api/v1/console/centers").statusCode(), "the old session ended");
        assertEquals(401, ConsoleSession.login(region, "forgetful", "forgetful-password").statusCode());
        ConsoleSession after = ConsoleSession.signIn(region, "forgetful", generated);

        HttpResponse<String> typed = root.post("/api/v1/users/forgetful/password",
                new JsonObject().put("password", "typed-password-1"));
        assertEquals(200, typed.statusCode(), typed.body());
        assertFalse(new JsonObject(typed.body()).containsKey("password"), "a typed password is not sent back");
        assertEquals(401, after.get("/api/v1/console/centers").statusCode());
        ConsoleSession.signIn(region, "forgetful", "typed-password-1");
        HttpResponse<String> tooShort = root.post("/api/v1/users/forgetful/password",
                new JsonObject().put("password", "short"));
        assertEquals(400, tooShort.statusCode());
        assertTrue(tooShort.body().contains("at least 10"), tooShort.body());
        assertEquals(404, root.post("/api/v1/users/nobody/password", new JsonObject()).statusCode());
    }

    @Test
    void disablingEndsTheSessionsAndEnablingLetsTheUserSignInAgain() throws Exception {
        region.accounts.createUser("away", RegionRole.REGION_VIEWER, "away-password1".toCharArray());
        ConsoleSession s = ConsoleSession.signIn(region, "away", "away-password1");
        assertEquals(200, patch(root, "away", new JsonObject().put("disabled", true)).statusCode());
        assertEquals(401, s.get("/api/v1/console/centers").statusCode());
        assertEquals(401, ConsoleSession.login(region, "away", "away-password1").statusCode());
        assertTrue(listed("away").getBoolean("disabled"));
        assertEquals(200, patch(root, "away", new JsonObject().put("disabled", false)).statusCode());
        ConsoleSession.signIn(region, "away", "away-password1");
    }

    @Test
    void aDeletedAccountIsGoneWithItsSessions() throws Exception {
        region.accounts.createUser("leaver", RegionRole.REGION_ADMIN, "leaver-password".toCharArray());
        ConsoleSession s = ConsoleSession.signIn(region, "leaver", "leaver-password");
        HttpResponse<String> r = delete(root, "leaver");
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(401, s.get("/api/v1/console/centers").statusCode());
        assertEquals(null, listed("leaver"));
        assertEquals(401, ConsoleSession.login(region, "leaver", "leaver-password").statusCode());
        assertEquals(404, delete(root, "leaver").statusCode());
    }

    @Test
    void everyoneChangesTheirOwnPasswordWithTheOldOneAndTheirOtherSessionsEnd() throws Exception {
        region.accounts.createUser("mover", RegionRole.REGION_VIEWER, "mover-password1".toCharArray());
        ConsoleSession here = ConsoleSession.signIn(region, "mover", "mover-password1");
        ConsoleSession elsewhere = ConsoleSession.signIn(region, "mover", "mover-password1");
        HttpResponse<String> wrong = here.post("/api/v1/auth/password", new JsonObject()
                .put("old_password", "not-my-password").put("new_password", "mover-password2"));
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertEquals("wrong_password", new JsonObject(wrong.body()).getString("error"));
        assertEquals(400, here.post("/api/v1/auth/password", new JsonObject().put("old_password", "mover-password1")
                .put("new_password", "short")).statusCode(), "the hub's password rules");
        assertEquals(403, here.send("POST", "/api/v1/auth/password", "application/json", new JsonObject()
                .put("old_password", "mover-password1").put("new_password", "mover-password2").encode(), null)
                .statusCode(), "without the CSRF token");
        HttpResponse<String> ok = here.post("/api/v1/auth/password", new JsonObject()
                .put("old_password", "mover-password1").put("new_password", "mover-password2"));
        assertEquals(204, ok.statusCode(), ok.body());
        assertEquals(200, here.get("/api/v1/console/centers").statusCode(), "this session stays");
        assertEquals(401, elsewhere.get("/api/v1/console/centers").statusCode(), "the other one ended");
        assertEquals(401, ConsoleSession.login(region, "mover", "mover-password1").statusCode());
        ConsoleSession.signIn(region, "mover", "mover-password2");
    }

    @Test
    void aViewerManagesNoAccountAndEveryWriteNeedsTheCsrfToken() throws Exception {
        region.accounts.createUser("looker", RegionRole.REGION_VIEWER, "looker-password".toCharArray());
        region.accounts.createUser("target", RegionRole.REGION_VIEWER, "target-password".toCharArray());
        ConsoleSession viewer = ConsoleSession.signIn(region, "looker", "looker-password");
        assertEquals(403, patch(viewer, "target", new JsonObject().put("disabled", true)).statusCode());
        assertEquals(403, patch(viewer, "looker", new JsonObject().put("role", "region-admin")).statusCode());
        assertEquals(403, viewer.post("/api/v1/users/target/password", new JsonObject()).statusCode());
        assertEquals(403, delete(viewer, "target").statusCode());
        assertEquals(403, root.send("DELETE", "/api/v1/users/target", "application/json", "", null).statusCode());
        assertEquals(403, root.send("PATCH", "/api/v1/users/target", "application/json", "{\"disabled\":true}",
                null).statusCode());
        assertEquals(403, root.send("POST", "/api/v1/users/target/password", "application/json", "{}", null)
                .statusCode());
        assertEquals(Boolean.FALSE, listed("target").getBoolean("disabled"), "nothing changed");
        ConsoleSession.signIn(region, "target", "target-password");
    }
}
