package org.ssk.hub.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.catalog.SampleCatalog;

/**
 * The whole documented deployment booted from the installed units without systemd: Mosquitto,
 * the hub from {@code ssk-hub.service} with the installed {@code hub.env}, and the agent from
 * {@code ssk-agent.service} on a simulated shelf. Checks what a technician checks on the hub: it
 * sees the shelf online through the TLS broker, its liveness check finds it healthy, the kiosk
 * unit's wait returns once the hub answers (and reports a non-200 answer), the command cage runs
 * shows in Chromium what the hub serves at the documented kiosk URL, and the nightly backup unit
 * makes a sound copy of the running ledger with the hub's own backup command.
 */
@Timeout(240)
@Order(2)
class HubStackBootTest {
    static Stack stack;
    /** A staff session made in the installed database before the hub starts. */
    static String token;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        stack = Stack.install(tmp);
        seedTheCatalog();
        stack.startBroker();
        stack.startHub();
        stack.startAgent();
    }

    /**
     * A hub knows the shelves of its catalog only; {@code serve} starts with an empty one. Load the
     * hub's sample catalog (shelves S1-S3) into the installed database, with the hub's own code, as
     * an operator's catalog entry would before the shelf is commissioned.
     */
    private static void seedTheCatalog() throws Exception {
        HubConfig config = HubConfig.load(null, stack.deployment.env("/etc/ssk/hub.env")).validate();
        try (JdbcStorage stores = JdbcStorage.open(config)) {
            SampleCatalog.load(stores.catalog(), System.currentTimeMillis());
            long t = System.currentTimeMillis();
            // Lane 1 of S2 holds dy-tea-250 (340 g): events that fit the planogram, so none is quarantined.
            stores.appender().append(new org.ssk.protocol.Restock("S2", "e1", 1, t, "1", "dy-tea-250", 8, 8 * 340));
            stores.appender().append(new org.ssk.protocol.Pick("S2", "e1", 2, t + 1, "1", "dy-tea-250", 1, 340));
            stores.ledger().recordSale(new org.ssk.hub.ledger.Sale("POS-1", "pos", t + 2,
                    List.of(new org.ssk.hub.ledger.Sale.Line("dy-tea-250", 1, "S2")), null));
            stores.accounts().createUser("technician", org.ssk.hub.auth.Role.STAFF, "technician-pw".toCharArray());
            token = stores.accounts().login("technician", "technician-pw".toCharArray()).orElseThrow().token();
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theHubSeesTheShelfOnlineThroughTheTlsBroker() {
        await("shelf " + Stack.SHELF + " online on the hub").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertTrue(stack.agent.isAlive(), "agent exited:\n" + stack.procs.log("agent"));
                    HttpResponse<String> r = get("/api/v1/shelves/" + Stack.SHELF);
                    assertEquals(200, r.statusCode(), r.body() + "\nhub log:\n" + stack.procs.log("hub"));
                    assertEquals(Boolean.TRUE, new JsonObject(r.body()).getBoolean("online"),
                            r.body() + "\nagent log:\n" + stack.procs.log("agent"));
                });
    }

    @Test
    void theHubsHealthCheckFindsTheRunningHubHealthy() throws Exception {
        Deployment.Command check = stack.deployment.command("ssk-hub-health.service", "ExecStart");
        List<String> dryRun = new ArrayList<>(check.argv());
        dryRun.add("--dry-run");
        Processes.Result r = stack.procs.run(dryRun, check.env(), check.workDir(), Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("ssk-hub healthy"), r.output());
    }

    @Test
    void theKioskUnitsWaitReturnsOnceTheHubAnswersOnTheKioskUrl() throws Exception {
        Deployment.Command wait = stack.deployment.command("ssk-kiosk.service", "ExecStartPre");
        Map<String, String> env = new HashMap<>(wait.env());
        env.put("SSK_KIOSK_WAIT_S", "60");
        Processes.Result waited = stack.procs.run(wait.argv(), env, wait.workDir(), Duration.ofSeconds(90));
        assertEquals(0, waited.exit(), waited.output());
        assertFalse(waited.output().contains("no answer from"), "the wait saw the hub: " + waited.output());
        assertEquals(200, get(URI.create(env.get("SSK_KIOSK_URL")).getPath()).statusCode(),
                "the installed kiosk URL is a page of the hub");
        assertEquals("", waited.output().strip(), "a kiosk page that answers needs no remark");

        // A mistyped URL: the hub answers 404, and the wait tells the technician so.
        env.put("SSK_KIOSK_URL", env.get("SSK_KIOSK_URL").replace("/kiosk/", "/kiosk-typo/"));
        Processes.Result wrong = stack.procs.run(wait.argv(), env, wait.workDir(), Duration.ofSeconds(90));
        assertEquals(0, wrong.exit(), wrong.output());
        assertEquals(404, get(URI.create(env.get("SSK_KIOSK_URL")).getPath()).statusCode());
        assertTrue(wrong.output().contains("answers HTTP 404"), "the wait reports HTTP 404 to the technician: "
                + wrong.output());
    }

    @Test
    void theKioskCommandThatCageRunsShowsTheHubsKioskUrlInChromium() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assertTrue(Files.isExecutable(chromium), "Chromium is needed (.ci/run installs it)");
        Deployment.Command kiosk = stack.deployment.command("ssk-kiosk.service", "ExecStart");
        // cage cannot take a screen here: run what it runs, the words after "--", headless.
        List<String> inCage = kiosk.argv().subList(kiosk.argv().indexOf("--") + 1, kiosk.argv().size());
        Map<String, String> env = new HashMap<>(kiosk.env());
        env.put("SSK_KIOSK_BROWSER", chromium.toString());
        env.put("SSK_KIOSK_FLAGS", "--headless --no-sandbox --disable-gpu --disable-background-networking"
                + " --virtual-time-budget=3000 --dump-dom");
        env.put("XDG_RUNTIME_DIR", stack.deployment.installed().root().toString());
        Processes.Result r = stack.procs.run(inCage, env, kiosk.workDir(), Duration.ofSeconds(90));
        assertEquals(0, r.exit(), r.output());

        String served = get(URI.create(env.get("SSK_KIOSK_URL")).getPath()).body();
        // The page Chromium drew is the hub's kiosk page (its header) and its script ran: the title
        // then names the center, which the page asks the hub for.
        java.util.regex.Matcher title = java.util.regex.Pattern.compile("<title>([^<]*)</title>").matcher(r.output());
        assertTrue(served.contains("<header id=\"bar\">") && r.output().contains("<header id=\"bar\">"),
                "Chromium shows what the hub serves at " + env.get("SSK_KIOSK_URL") + ":\n" + r.output());
        assertTrue(title.find() && title.group(1).contains(org.ssk.hub.Center.DEFAULT_NAME),
                "the kiosk page's script ran in Chromium and named the center: " + r.output());
    }

    @Test
    void aBackupOfTheRunningLedgerHoldsEveryRowOfIt() throws Exception {
        theHubSeesTheShelfOnlineThroughTheTlsBroker();
        Deployment.Command backup = stack.deployment.command("ssk-hub-backup.service", "ExecStart");
        Path env = stack.deployment.installed().root().resolve("hub.env.adapted");
        StringBuilder sb = new StringBuilder();
        backup.env().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(env, sb);
        Map<String, String> run = new HashMap<>(backup.env());
        run.put("SSK_HUB_ENV", env.toString());
        // The installed hub's command line as its unit runs it, without the "serve" at its end.
        List<String> hubCli = stack.deployment.command("ssk-hub.service", "ExecStart").argv();
        run.put("SSK_HUB_CLI", String.join(" ", hubCli.subList(0, hubCli.size() - 1)));
        run.put("SSK_BACKUP_DIR", stack.deployment.adapt("/var/backups/ssk-hub"));
        Path live = Path.of(stack.deployment.adapt("/var/lib/ssk-hub")).resolve("hub.db");
        Map<String, Set<String>> before = LedgerRows.of(live);
        Processes.Result r = stack.procs.run(backup.argv(), run, backup.workDir(), Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.output());
        Map<String, Set<String>> after = LedgerRows.of(live);
        Path copy;
        try (var files = Files.list(Path.of(stack.deployment.adapt("/var/backups/ssk-hub")))) {
            copy = files.filter(p -> p.getFileName().toString().matches("hub-\\d{8}-\\d{6}\\.db")).findFirst()
                    .orElseThrow(() -> new AssertionError("no backup written: " + r.output()));
        }
        Map<String, Set<String>> copied = LedgerRows.of(copy);
        assertEquals(before.keySet(), copied.keySet(), "the backup holds the ledger's tables");
        assertFalse(copied.get("shelf_event").isEmpty() || copied.get("sale_line").isEmpty(),
                "the ledger had events to back up: " + copied);
        // The hub runs on while the backup is taken: a row there before and after must be in the
        // copy; the ledger's append-only tables hold exactly what was there at some moment between.
        for (String table : before.keySet()) {
            Set<String> missing = new TreeSet<>(before.get(table));
            missing.retainAll(after.get(table));
            missing.removeAll(copied.get(table));
            assertEquals(Set.of(), missing, "rows of " + table + " missing from the backup");
            if (LedgerRows.LEDGER.contains(table)) {
                assertTrue(copied.get(table).containsAll(before.get(table)), table + ": every row before the backup");
                assertTrue(after.get(table).containsAll(copied.get(table)), table + ": no row the ledger never had");
            }
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.deployment.httpPort() + path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
