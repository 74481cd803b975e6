package org.ssk.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.ssk.hub.HubConfig;
import org.ssk.hub.demo.DemoCommand;

/**
 * The operator console and the staff page in a real Chromium against the demo hub: the live
 * shelf map, a report whose total agrees with its rows, the export of what is shown downloads,
 * and a member of staff starts and finishes restocking a shelf from a phone-sized screen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Each test drives a Chromium started for the class: a hung page must not hang the build.
@Timeout(300)
@Order(2)
class ConsoleAndStaffBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    DemoCommand.Running demo;
    Browser browser;
    String base;

    @BeforeAll
    void start() throws Exception {
        demo = DemoCommand.start(HubConfig.defaults().withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.resolve("hub").toString()), false);
        base = "http://localhost:" + demo.hub().httpPort();
        browser = new Browser();
        assertTrue(demo.shelves().awaitOpened(WAIT), "the demo's opening restock did not finish");
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void theConsoleShowsEveryShelfAReportThatAddsUpAndExportsIt() throws Exception {
        var s1 = demo.shelves().shelf("S1").orElseThrow().shelf();
        s1.lift("1", 1);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> s1.lanes().get(0).held() == 1);
        browser.viewport(1600, 1200);
        browser.signedOut(base);
        browser.driver.get(base + "/console/");
        browser.signIn("admin", "not-the-password");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("signin-message")).getText().contains("Wrong user name"));
        browser.screenshot("console-sign-in");
        browser.signIn("admin", demo.adminPassword());
        browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#kpi-today .kpi")).size() == 5
                && d.findElements(By.cssSelector("#kpi-state .kpi")).size() == 2);
        browser.screenshot("console-dashboard");
        browser.driver.findElement(By.cssSelector("#nav a[href='#shelves']")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#shelf-map .shelf")).size() == 3);
        // Each shelf says how its proximity sensor does: the share of changes counted with no hand seen.
        assertEquals(3, browser.driver.findElements(By.cssSelector("#shelf-map .shelf .proximity")).stream()
                .filter(p -> p.getText().startsWith("接近传感器 Proximity sensor")).count());
        assertTrue(browser.driver.findElement(By.id("who-name")).getText().contains("admin"));
        browser.screenshot("console-shelves");
        browser.driver.findElement(By.cssSelector("#nav a[href='#sales']")).click();
        // Read the table once it is complete (every row and the total row with its pickups cell) and
        // counts the lift; a report asked for before the hub stored the lift is asked for again.
        List<List<String>> body = new java.util.ArrayList<>();
        List<String> foot = new java.util.ArrayList<>();
        browser.waitUpTo(WAIT).until(d -> {
            List<List<String>> b = Browser.cells(d, "#report tbody tr");
            List<List<String>> f = Browser.cells(d, "#report tfoot tr");
            boolean complete = !b.isEmpty() && f.size() == 1
                    && java.util.stream.Stream.concat(b.stream(), f.stream())
                            .allMatch(r -> r.size() > 3 && r.get(3).matches("\\d+"))
                    && Integer.parseInt(f.getFirst().get(3)) >= 1;
            if (!complete) {
                ((org.openqa.selenium.JavascriptExecutor) d)
                        .executeScript("document.getElementById('report-form').requestSubmit()");
            } else {
                body.clear();
                body.addAll(b);
                foot.clear();
                foot.addAll(f.getFirst());
            }
            return complete;
        });
        List<List<String>> rows = body;
        int pickups = 0;
        for (List<String> r : rows) {
            pickups += Integer.parseInt(r.get(3));
        }
        int total = Integer.parseInt(foot.get(3));
        assertEquals(pickups, total, "the total row is the sum of the rows");
        assertTrue(total >= 1, "the lift counts as a pickup");
        browser.screenshot("console-sales");

        browser.driver.findElement(By.id("export-csv")).click();
        browser.waitUpTo(WAIT).until(d -> {
            try (var files = Files.list(browser.downloads)) {
                return files.anyMatch(f -> f.getFileName().toString().endsWith(".csv"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Path csv;
        try (var files = Files.list(browser.downloads)) {
            csv = files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
        }
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(text.contains("name,units,amount_yuan,pickups"), text);
        assertEquals(rows.size() + 2, text.strip().split("\r\n").length, "header, the rows shown and the total");
        assertNoConsoleErrors();
    }

    @Test
    void staffStartAndFinishRestockingFromAPhone() throws Exception {
        var agent = demo.shelves().shelf("S2").orElseThrow().agent();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !agent.restockMode());
        browser.viewport(390, 844);
        browser.signedOut(base);
        browser.driver.get(base + "/staff/?shelf=S2");
        browser.signIn("staff", demo.staffPassword());
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("signin")).isDisplayed());
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("start")).isEnabled()
                && d.findElements(By.cssSelector("#lanes tbody tr")).size() == 5);
        WebElement start = browser.driver.findElement(By.id("start"));
        assertTrue(start.getSize().getHeight() >= 48 && start.getSize().getWidth() >= 48, "tap target size");
        start.click();
        org.awaitility.Awaitility.await().atMost(WAIT).until(agent::restockMode);
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("finish")).isEnabled());
        browser.screenshot("staff-restocking");
        browser.driver.findElement(By.id("finish")).click();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !agent.restockMode());
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("start")).isEnabled());

        // Stock-take: lane 1 holds one item fewer than the ledger expects.
        // The page re-renders the lanes every few seconds until a count is being typed (focused).
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#lanes tbody tr[data-lane='1'] input")).click();
            return true;
        });
        // A refresh already on its way may redraw the rows once more: read and type into the row that stays.
        int expected = browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement lane1 = d.findElement(By.cssSelector("#lanes tbody tr[data-lane='1']"));
                    int n = Integer.parseInt(lane1.findElement(By.cssSelector(".expected")).getText().strip());
                    lane1.findElement(By.tagName("input")).sendKeys(org.openqa.selenium.Keys.chord(
                            org.openqa.selenium.Keys.CONTROL, "a"), String.valueOf(n - 1));
                    return n;
                });
        browser.driver.findElement(By.id("stocktake")).click();
        assertTrue(browser.confirm().contains("Shrinkage of 1 items"), "the shrinkage is named before it is booked");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("stocktake-result")).getText().contains("shrinkage: 1"));
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("#lanes tbody tr[data-lane='1'] .expected"))
                .getText().equals(String.valueOf(expected - 1)));
        browser.screenshot("staff-stocktake");
        assertNoConsoleErrors();
    }

    /**
     * The console's planogram sets a lane's capacity (a bad one is refused with the reason, in the
     * page), and the staff page's "add N" is that capacity minus what the ledger expects, exactly;
     * a lane whose capacity was cleared says it is unknown.
     */
    @Test
    void staffSeeTheItemsThatFillEachLaneToItsCapacityOrThatItIsUnknown() throws Exception {
        var s3 = demo.shelves().shelf("S3").orElseThrow().shelf();
        int full = demo.hub().catalog().shelf("S3").orElseThrow().lanes().getFirst().capacity();
        browser.viewport(1280, 1000);
        browser.signedOut(base);
        browser.driver.get(base + "/console/#catalog");
        browser.signIn("admin", demo.adminPassword());
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#plano-shelf option[value='S3']")).isEmpty());
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("plano-shelf"))).selectByValue("S3");
        By lane2 = By.cssSelector("#plano-table tbody tr:nth-child(2) .capacity");
        browser.waitUpTo(WAIT).until(d -> "12".equals(d.findElement(lane2).getDomProperty("value")));
        WebElement capacity1 = browser.driver.findElement(By.cssSelector("#plano-table tbody tr:first-child .capacity"));
        capacity1.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "0");
        browser.driver.findElement(By.id("plano-save")).click();
        browser.waitUpTo(WAIT).withMessage("a capacity of 0 is refused, with the reason shown in the page")
                .until(d -> d.findElement(By.id("plano-msg")).getAttribute("class").contains("error")
                        && d.findElement(By.id("plano-msg")).getText().contains("capacity"));
        capacity1.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), String.valueOf(full));
        browser.driver.findElement(By.cssSelector("#plano-table tbody tr:nth-child(2) .capacity"))
                .sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"),
                        org.openqa.selenium.Keys.DELETE);
        browser.driver.findElement(By.id("plano-save")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("plano-msg")).getText().contains("config version"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                demo.hub().catalog().shelf("S3").orElseThrow().lanes().get(1).capacity() == null);

        // One item leaves lane 1 for good: the ledger expects one fewer, so one is to add.
        s3.lift("1", 1);
        browser.signedOut(base);
        browser.viewport(390, 844);
        browser.driver.get(base + "/staff/?shelf=S3");
        browser.signIn("staff", demo.staffPassword());
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage("lane 1: the capacity less the expected count")
                .until(d -> d.findElement(By.cssSelector("#lanes tbody tr[data-lane='1'] .expected")).getText()
                        .equals(String.valueOf(full - 1))
                        && d.findElement(By.cssSelector("#lanes tbody tr[data-lane='1'] .add")).getText()
                        .equals("补 1 件 add 1"));
        List<List<String>> rows = browser.waitUpTo(WAIT)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                    List<List<String>> r = Browser.cells(d, "#lanes tbody tr");
                    return r.size() == 5 && r.stream().allMatch(c -> c.size() == 6) ? r : null;
                });
        var lanes = demo.hub().catalog().shelf("S3").orElseThrow().lanes();
        for (int i = 0; i < rows.size(); i++) {
            Integer capacity = lanes.get(i).capacity();
            int expected = Integer.parseInt(rows.get(i).get(2));
            String add = rows.get(i).get(5);
            if (capacity == null) {
                assertEquals("容量未知 capacity unknown", add, "lane " + lanes.get(i).lane());
            } else if (capacity > expected) {
                assertEquals("补 " + (capacity - expected) + " 件 add " + (capacity - expected), add);
            } else {
                assertEquals("已满 full", add, "lane " + lanes.get(i).lane() + " holds " + expected + " of " + capacity);
            }
        }
        assertEquals("容量未知 capacity unknown", rows.get(1).get(5), "the cleared lane says so instead of guessing");
        // The browser notes the refused save (400) it was asked to make; nothing else.
        List<LogEntry> errors = browser.severeLogs().stream().filter(e -> !Browser.expectedSignInRefusal(e))
                .filter(e -> !(e.getMessage().contains("/api/v1/catalog/shelves/S3") && e.getMessage().contains("400")))
                .toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    private void assertNoConsoleErrors() {
        List<LogEntry> errors = browser.severeLogs().stream().filter(e -> !Browser.expectedSignInRefusal(e)).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }
}
