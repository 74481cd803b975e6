package org.ssk.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kiosk's lock-down as installed: Chromium's managed policy is valid JSON that allows only the
 * hub's origin (taken from the kiosk URL) and turns off DevTools, downloads, incognito and
 * printing; and the watchdog script, run against a stand-in hub and a stand-in {@code systemctl},
 * restarts the display only when the hub answers and has seen no kiosk page of the shelf for
 * long enough.
 */
class KioskLockDownTest {
    static final Path REPO = Installation.checkout();

    @TempDir
    Path tmp;
    Processes procs;
    HttpServer hub;
    final AtomicInteger screens = new AtomicInteger();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void standIns() throws Exception {
        procs = new Processes(tmp.resolve("logs"));
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/shelves", x -> {
            authorization.set(x.getRequestHeaders().getFirst("Authorization"));
            byte[] body = new JsonArray().add(new JsonObject().put("shelf", "S0").put("kiosk_screens", 1))
                    .add(new JsonObject().put("shelf", "S1").put("name", "a \"quoted\" name")
                            .put("kiosk_screens", screens.get())).encode().getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status.get(), body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        hub.start();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\necho \"$@\" >> \"" + tmp.resolve("systemctl.calls") + "\"\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() throws Exception {
        hub.stop(0);
        procs.close();
    }

    /** One watchdog check with the last sighting {@code secondsAgo} (null: none recorded). */
    Processes.Result check(Long secondsAgo) throws Exception {
        Path state = tmp.resolve("state");
        Files.deleteIfExists(state);
        if (secondsAgo != null) {
            Files.writeString(state, Long.toString(System.currentTimeMillis() / 1000 - secondsAgo));
        }
        return procs.run(List.of("sh", REPO.resolve("deploy/shelf/ssk-kiosk-watchdog").toString()),
                Map.of("SSK_KIOSK_URL", "http://127.0.0.1:" + hub.getAddress().getPort() + "/kiosk/S1?token=tok-S1",
                        "SSK_WATCHDOG_STATE", state.toString(), "SSK_KIOSK_ABSENT_S", "40",
                        "PATH", tmp.resolve("bin") + ":" + System.getenv("PATH")), tmp, Duration.ofSeconds(30));
    }

    List<String> restarts() throws Exception {
        Path calls = tmp.resolve("systemctl.calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void theWatchdogRestartsTheDisplayOnlyWhenTheHubHasSeenNoKioskPageForLongEnough() throws Exception {
        screens.set(1);
        assertEquals(0, check(600L).exit());
        assertEquals(List.of(), restarts(), "the page is there");
        assertEquals("Bearer tok-S1", authorization.get(), "asks with the display's own token");

        screens.set(0);
        assertEquals(0, check(null).exit());
        assertEquals(List.of(), restarts(), "first sight of an absence starts the clock");
        assertTrue(Files.exists(tmp.resolve("state")));
        assertEquals(0, check(10L).exit());
        assertEquals(List.of(), restarts(), "absent for 10 s only");
        Processes.Result r = check(45L);
        assertEquals(0, r.exit(), r.output());
        assertEquals(List.of("restart ssk-kiosk.service"), restarts(), r.output());
    }

    @Test
    void theWatchdogNeverRestartsWhenTheHubCannotBeAsked() throws Exception {
        screens.set(0);
        status.set(503);
        assertEquals(0, check(600L).exit());
        hub.stop(0);
        assertEquals(0, check(600L).exit());
        assertEquals(List.of(), restarts());
    }

    @Test
    void thePolicyTemplateLocksChromiumToOneOriginWithoutDevToolsOrDownloads() throws Exception {
        JsonObject p = new JsonObject(Files.readString(REPO.resolve("deploy/shelf/chromium-kiosk-policy.json")));
        assertEquals(new JsonArray().add("*"), p.getJsonArray("URLBlocklist"));
        assertEquals(new JsonArray().add("__HUB_ORIGIN__"), p.getJsonArray("URLAllowlist"));
        assertEquals(2, p.getInteger("DeveloperToolsAvailability"), "DevTools disallowed");
        assertEquals(3, p.getInteger("DownloadRestrictions"), "all downloads blocked");
        assertEquals(1, p.getInteger("IncognitoModeAvailability"), "incognito disabled");
        assertFalse(p.getBoolean("PrintingEnabled"));
        assertFalse(p.getBoolean("RemoteDebuggingAllowed"));
        assertFalse(p.getBoolean("BrowserGuestModeEnabled"));
    }

    @Test
    void theInstallerWritesThePolicyForTheKioskUrlsOrigin() throws Exception {
        Path jar = Files.writeString(tmp.resolve("stand-in.jar"), "not a jar: only files are checked here");
        Installation in = Installation.install(procs, tmp.resolve("root"), jar, null,
                "https://hub.local:8443/kiosk/S1?token=secret-token");
        JsonObject p = new JsonObject(Files.readString(in.path("/etc/chromium/policies/managed/ssk-kiosk.json")));
        assertEquals(new JsonArray().add("https://hub.local:8443"), p.getJsonArray("URLAllowlist"));
        assertFalse(p.encode().contains("secret-token"), "the token stays in kiosk.env");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                in.path("/etc/ssk/kiosk.env"))), "kiosk.env holds the display's token");
        assertTrue(in.has("/opt/ssk/bin/ssk-kiosk-watchdog") && in.has("/etc/systemd/system/ssk-kiosk-watchdog.timer"));
    }
}
