package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.webauth.SecurityHeaders;

/**
 * The region console's protections, as the hub's: security headers on pages, API and errors; the
 * CSRF token on cookie writes; one answer and one bcrypt verification for an unknown, disabled or
 * known name with a wrong password; JSON-only sign-in; a guesser slowed without locking the real
 * admin out; a viewer held to reading; a signed-out session dead.
 */
@Timeout(300)
class RegionConsoleSecurityTest {
    static PrivatePostgres pg;
    static RegionHarness region;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
        region = new RegionHarness(pg.newDatabase(), ConsoleFixture.ADMIN_TOKEN);
        region.accounts.createFirstAdmin("root", "admin-password".toCharArray());
        region.accounts.createUser("viewer", org.ssk.region.console.RegionRole.REGION_VIEWER,
                "viewer-password".toCharArray());
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

    private static HttpClient from(String address) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(address))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> login(HttpClient c, String type, String user, String password)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(region.base + "/api/v1/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user)
                        .put("password", password).put("session", "cookie").encode()));
        if (type != null) {
            b.header("content-type", type);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        ConsoleSession admin = ConsoleSession.signIn(region, "root", "admin-password");
        HttpResponse<String> css = admin.get("/assets/console.css");
        assertEquals(200, css.statusCode(), "the consoles' shared stylesheet");
        assertTrue(css.headers().firstValue("content-type").orElse("").startsWith("text/css"));
        for (HttpResponse<String> r : List.of(admin.get("/region/"), admin.get("/region/region.js"), css,
                admin.get("/api/v1/console/centers"), admin.get("/api/v1/no-such-route"), admin.get("/health"),
                region.send("/api/v1/console/centers", null, HttpRequest.newBuilder().GET()))) {
            String what = r.uri() + " " + r.statusCode();
            assertEquals(SecurityHeaders.CSP, r.headers().firstValue("content-security-policy").orElse(""), what);
            assertTrue(SecurityHeaders.CSP.contains("script-src 'self';") && SecurityHeaders.CSP.contains(
                    "frame-ancestors 'self'"), "no inline script, framed only by itself");
            assertEquals("nosniff", r.headers().firstValue("x-content-type-options").orElse(""), what);
            assertEquals("no-referrer", r.headers().firstValue("referrer-policy").orElse(""), what);
            assertEquals("SAMEORIGIN", r.headers().firstValue("x-frame-options").orElse(""), what);
        }
        String page = admin.get("/region/").body();
        assertTrue(page.contains("<script src=") && !page.matches("(?s).*<script>.*"), "scripts only from files");
    }

    @Test
    void aCookieWriteNeedsTheSessionsCsrfToken() throws Exception {
        ConsoleSession admin = ConsoleSession.signIn(region, "root", "admin-password");
        String body = new JsonObject().put("username", "v-csrf").put("role", "region-viewer")
                .put("password", "viewer-password").encode();
        HttpResponse<String> none = admin.send("POST", "/api/v1/users", "application/json", body, null);
        assertEquals(403, none.statusCode(), none.body());
        assertEquals("csrf", new JsonObject(none.body()).getString("error"));
        ConsoleSession other = ConsoleSession.signIn(region, "viewer", "viewer-password");
        assertEquals(403, admin.send("POST", "/api/v1/users", "application/json", body, other.csrf()).statusCode(),
                "another session's token");
        assertEquals(201, admin.send("POST", "/api/v1/users", "application/json", body, admin.csrf()).statusCode());
        assertEquals(admin.csrf(), new JsonObject(admin.get("/api/v1/auth/me").body()).getString("csrf"),
                "a reloaded page learns the token from /me");
    }

    @Test
    void anUnknownNameCostsTheSameBcryptCheckAndGetsTheSameAnswer() throws Exception {
        HttpClient c = from("127.0.0.3");
        region.accounts.createUser("gone", org.ssk.region.console.RegionRole.REGION_VIEWER,
                "gone-password1".toCharArray());
        region.accounts.setDisabled("gone", true);
        String answer = null;
        for (String name : List.of("nobody-here", "viewer", "gone")) {
            long before = region.accounts.passwordChecks();
            HttpResponse<String> r = login(c, "application/json", name, "not-the-password");
            assertEquals(401, r.statusCode(), name);
            answer = answer == null ? r.body() : answer;
            assertEquals(answer, r.body(), "the same answer for " + name);
            assertEquals(before + 1, region.accounts.passwordChecks(), "one bcrypt verification for " + name);
        }
        assertEquals(401, login(c, "application/json", "gone", "gone-password1").statusCode(), "disabled");
    }

    @Test
    void signInTakesOnlyJson() throws Exception {
        HttpClient c = from("127.0.0.4");
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            HttpResponse<String> r = login(c, type, "root", "admin-password");
            assertEquals(415, r.statusCode(), "content type " + type);
            assertTrue(r.headers().firstValue("set-cookie").isEmpty());
        }
        HttpResponse<String> ok = login(c, "application/json; charset=utf-8", "root", "admin-password");
        assertEquals(200, ok.statusCode());
        String cookie = ok.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && cookie.contains("SameSite=Strict"), cookie);
    }

    @Test
    void aGuesserIsSlowedWhileTheAdminAtAnotherAddressSignsIn() throws Exception {
        HttpClient guesser = from("127.0.0.2");
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            int status = login(guesser, "application/json", "root", "guess-" + i).statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
            refused += status == 429 ? 1 : 0;
        }
        assertTrue(refused >= 3, "the guesser was slowed: " + refused + " of 8 refused outright");
        HttpResponse<String> slowed = login(guesser, "application/json", "root", "admin-password");
        assertEquals(429, slowed.statusCode());
        assertTrue(Integer.parseInt(slowed.headers().firstValue("retry-after").orElseThrow()) > 0);
        assertEquals(200, login(from("127.0.0.1"), "application/json", "root", "admin-password").statusCode(),
                "no lock-out");
    }

    @Test
    void aViewerIsHeldToReading() throws Exception {
        ConsoleSession viewer = ConsoleSession.signIn(region, "viewer", "viewer-password");
        assertEquals(200, viewer.get("/api/v1/console/centers").statusCode());
        assertEquals(403, viewer.get("/api/v1/users").statusCode());
        assertEquals(403, viewer.send("PATCH", "/api/v1/users/root", "application/json", "{\"disabled\":true}",
                viewer.csrf()).statusCode());
        assertEquals(403, viewer.send("POST", "/api/v1/certified/import", "text/csv", ConsoleFixture.CERTIFICATES,
                viewer.csrf()).statusCode());
        assertEquals(401, region.send("/api/v1/certified/import", "not-the-admin-token", HttpRequest.newBuilder()
                .header("content-type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode());
    }

    @Test
    void aSignedOutSessionIsDead() throws Exception {
        ConsoleSession s = ConsoleSession.signIn(region, "viewer", "viewer-password");
        assertEquals(200, s.get("/api/v1/auth/me").statusCode());
        assertEquals(204, s.send("POST", "/api/v1/auth/logout", "application/json", "{}", s.csrf()).statusCode());
        assertEquals(401, s.get("/api/v1/auth/me").statusCode());
        assertEquals(401, s.get("/api/v1/console/centers").statusCode());
    }
}
