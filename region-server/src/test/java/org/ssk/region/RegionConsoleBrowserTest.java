package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.ssk.sheets.Sheets;

/**
 * The region console in a real headless Chromium, over a region on a private PostgreSQL that
 * centers uploaded to ({@link ConsoleFixture}, and a {@link SimulatedCenter} that uploaded part of
 * its chain): an admin signs in, sees each center's lag, opens a report whose figures equal the
 * test's own sums of the uploaded sales, downloads the upward CSV and drills into one center's
 * entries, resets a viewer's password (generated, shown once); the viewer signs in with it, gets
 * no import screen and sets a password of their own.
 */
@Timeout(300)
class RegionConsoleBrowserTest {
    static PrivatePostgres pg;
    static RegionHarness region;
    static RegionBrowser browser;
    static final ConsoleFixture fixture = new ConsoleFixture();

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
        region = new RegionHarness(pg.newDatabase(), ConsoleFixture.ADMIN_TOKEN);
        region.accounts.createFirstAdmin(ConsoleFixture.ADMIN, ConsoleFixture.ADMIN_PASSWORD.toCharArray());
        region.accounts.createUser("clerk", org.ssk.region.console.RegionRole.REGION_VIEWER,
                "viewer-password-1".toCharArray());
        fixture.load(region);
        browser = new RegionBrowser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (region != null) {
            region.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void anAdminSeesLagReportsDownloadsAndEntriesAndAViewerGetsNoImport() throws Exception {
        // A third center, simulated: 5 entries in its chain (in 2025, outside the report's days), 3 uploaded.
        SimulatedCenter sim = new SimulatedCenter("c3", 1_735_689_600_000L);
        sim.grow(5);
        fixture.secrets.put("c3", region.store.addCenter("c3", "模拟中心", System.currentTimeMillis()));
        assertEquals(200, region.post("c3", fixture.secrets.get("c3"), sim.batch(1, 3)).statusCode());
        assertEquals(204, fixture.status(region, "c3", 5, 0, 1).statusCode());

        browser.driver.get(region.base + "/region/");
        browser.signIn(ConsoleFixture.ADMIN, ConsoleFixture.ADMIN_PASSWORD);
        browser.until(() -> {
            Map<String, List<String>> rows = browser.cells("#center-table tbody tr").stream()
                    .collect(Collectors.toMap(r -> r.get(0), r -> r));
            assertEquals(3, rows.size(), rows.toString());
            List<String> c1 = rows.get("东源消费帮扶中心 (c1)");
            assertEquals(String.valueOf(ConsoleFixture.C1_HEAD - fixture.of("c1").size()), c1.get(3), "c1 lag");
            assertEquals("1", c1.get(5), "c1 offline shelves");
            assertEquals("2", c1.get(6), "c1 open alerts");
            assertEquals("2", rows.get("模拟中心 (c3)").get(3), "c3: 5 entries, 3 stored");
            assertEquals("0", rows.get("都匀消费帮扶中心 (c2)").get(3));
        });

        assertEquals("rgb(47, 107, 63)", browser.driver.executeScript(
                "return getComputedStyle(document.querySelector('header')).backgroundColor"),
                "the hub console's look: its stylesheet's green header");

        browser.driver.get(region.base + "/region/#reports");
        browser.until(() -> assertFalse(browser.driver.findElement(By.id("reports")).getAttribute("hidden") != null));
        browser.driver.executeScript("document.getElementById('from').value = '2026-11-01';"
                + "document.getElementById('to').value = '2026-12-31';");
        new Select(browser.driver.findElement(By.id("dimension"))).selectByValue("county");
        browser.driver.findElement(By.id("report-show")).click();
        Map<String, List<ConsoleFixture.Sale>> byCounty = fixture.sales.stream().collect(Collectors.groupingBy(
                s -> s.county() == null ? "(未认定 uncertified)" : s.county()));
        browser.until(() -> {
            assertEquals("county 2026-11-01 2026-12-31", browser.driver.findElement(By.id("report"))
                    .getAttribute("data-shown"));
            List<List<String>> rows = browser.cells("#report tbody tr");
            assertEquals(byCounty.size(), rows.size());
            for (List<String> r : rows) {
                List<ConsoleFixture.Sale> group = byCounty.get(r.get(0));
                assertEquals(String.valueOf(group.stream().mapToLong(ConsoleFixture.Sale::qty).sum()), r.get(1), r.get(0));
                assertEquals(BigDecimal.valueOf(group.stream().mapToLong(ConsoleFixture.Sale::amountFen).sum(), 2)
                        .toPlainString(), r.get(2), r.get(0));
            }
            List<String> total = browser.cells("#report tfoot tr").get(0);
            assertEquals(BigDecimal.valueOf(fixture.sales.stream().mapToLong(ConsoleFixture.Sale::amountFen).sum(), 2)
                    .toPlainString(), total.get(2));
        });
        assertTrue((Boolean) browser.driver.executeScript(
                "return Chart.getChart(document.getElementById('chart')).data.labels.length === " + byCounty.size()));

        browser.driver.findElement(By.id("upward-csv")).click();
        Path csv = browser.downloads.resolve("region-upward-2026-11-01-2026-12-31.csv");
        browser.until(() -> assertTrue(Files.exists(csv), "downloaded " + csv));
        List<List<String>> sheet = Sheets.fromCsv(Files.readAllBytes(csv));
        assertEquals(String.valueOf(fixture.sales.stream().mapToLong(ConsoleFixture.Sale::qty).sum()),
                sheet.get(sheet.size() - 1).get(7));

        browser.driver.get(region.base + "/region/#centers");
        browser.until(() -> assertEquals(3, browser.driver.findElements(By.cssSelector("#center-table a.drill")).size()));
        // The centers table is drawn again when its data comes back: click the link as it is then.
        browser.until(() -> browser.driver.findElement(By.cssSelector("#center-table tr[data-center='c1'] a.drill"))
                .click());
        browser.until(() -> {
            List<List<String>> rows = browser.cells("#entries-table tbody tr");
            assertEquals(fixture.of("c1").size(), rows.size());
            assertEquals(String.valueOf(fixture.of("c1").size()), rows.get(0).get(0), "newest first");
            assertEquals(fixture.of("c1").get(fixture.of("c1").size() - 1).sku(), rows.get(0).get(4));
        });
        assertTrue(browser.driver.findElement(By.cssSelector("#nav a[href='#certified']")).isDisplayed());

        // The admin resets the viewer's password with the shared dialog: generated, shown once.
        browser.driver.get(region.base + "/region/#users");
        browser.until(() -> browser.driver.findElement(By.cssSelector("#user-table tr[data-user='clerk'] button.reset"))
                .click());
        browser.until(() -> assertTrue(browser.driver.findElement(By.id("password-dialog")).isDisplayed()));
        browser.driver.findElement(By.id("password-generate")).click();
        String fresh = browser.driver.findElement(By.id("password-shown")).getText();
        assertTrue(fresh.length() >= 10, fresh);
        browser.driver.findElement(By.id("password-ok")).click();
        browser.until(() -> assertTrue(browser.driver.findElement(By.id("users-msg")).getText().contains("clerk")));

        browser.driver.findElement(By.id("sign-out")).click();
        browser.signIn("clerk", fresh);
        browser.until(() -> assertTrue(browser.driver.findElement(By.id("who-name")).getText().contains("region-viewer")));
        assertFalse(browser.driver.findElement(By.cssSelector("#nav a[href='#certified']")).isDisplayed());
        assertFalse(browser.driver.findElement(By.cssSelector("#nav a[href='#users']")).isDisplayed());
        browser.driver.get(region.base + "/region/#certified");
        browser.until(() -> {
            assertTrue(browser.driver.findElement(By.id("certified")).getAttribute("hidden") != null,
                    "the import screen stays closed");
            assertFalse(browser.driver.findElement(By.id("centers")).getAttribute("hidden") != null);
        });
        Object status = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "SSK.api('/api/v1/certified/import', {raw: 'x', type: 'text/csv'}).then(() => done(200),"
                + " e => done(e.status));");
        assertEquals(403L, status, "the API refuses a viewer's import too");

        // The viewer then sets a password of their own with the form shared with the hub (assets/own-password.js).
        browser.driver.get(region.base + "/region/#account");
        browser.until(() -> assertTrue(browser.driver.findElement(By.id("own-save")).isDisplayed()));
        browser.driver.findElement(By.id("own-old")).sendKeys(fresh);
        browser.driver.findElement(By.id("own-new")).sendKeys("clerk-own-pass-1");
        browser.driver.findElement(By.id("own-again")).sendKeys("clerk-own-pass-1");
        browser.driver.findElement(By.id("own-save")).click();
        browser.until(() -> assertTrue(browser.driver.findElement(By.id("account-msg")).getText()
                .contains("Password changed")));
        assertTrue(region.accounts.login("clerk", "clerk-own-pass-1".toCharArray()).isPresent());
    }
}
