package org.ssk.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.HubConfig;
import org.ssk.hub.demo.DemoCommand;
import org.ssk.hub.kiosk.Card;

/**
 * The kiosk as a visitor sees it, in a real Chromium, against the demo hub (embedded broker,
 * SQLite, real shelf agents on simulated load cells): lift shows the card, put back goes idle,
 * several lifts compare side by side, a hub restart keeps the screen and recovers, the virtual
 * shelf moves the load cells. One browser and one hub for the class; the restart runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Each test drives a Chromium started for the class: a hung page must not hang the build.
@Timeout(300)
@Order(1)
class KioskBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    HubConfig config;
    DemoCommand.Running demo;
    Browser browser;
    String base;
    /** A session of the demo's staff account, for reading stock (made anew at each demo start). */
    String staffToken;

    @BeforeAll
    void start() throws Exception {
        config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        demo = DemoCommand.start(config, false);
        base = "http://localhost:" + demo.hub().httpPort();
        browser = new Browser();
        awaitShelvesReady();
    }

    /**
     * The demo has finished its opening restock and every agent's counts agree with its simulated
     * shelf, so what a test does next is the only thing happening.
     */
    void awaitShelvesReady() throws Exception {
        staffToken = org.ssk.hub.TestHttp.login(demo.hub().httpPort(), "staff", demo.staffPassword());
        assertTrue(demo.shelves().awaitOpened(WAIT), "the demo's opening restock did not finish");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> demo.shelves().all().stream()
                .allMatch(r -> r.agent().connected() && ledgerAgrees(r)));
    }

    /** The hub's ledger holds, lane by lane, as many items as the simulated shelf. */
    boolean ledgerAgrees(org.ssk.hub.demo.DemoShelves.Running r) {
        String body;
        try {
            body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/api/v1/shelves/" + r.layout().shelf()))
                    .header("Authorization", "Bearer " + staffToken).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        var stock = new io.vertx.core.json.JsonObject(body).getJsonArray("stock");
        for (SimulatedShelf.LaneView l : r.shelf().lanes()) {
            boolean same = false;
            for (int i = 0; i < stock.size(); i++) {
                var s = stock.getJsonObject(i);
                same |= s.getString("lane").equals(l.lane()) && s.getInteger("qty") == l.count() && l.held() == 0;
            }
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** Clicks what {@code by} finds, again if the page re-rendered it in between. */
    void click(By by) {
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    WebElement e = d.findElement(by);
                    if (!e.isEnabled()) {
                        return false;
                    }
                    e.click();
                    return true;
                });
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

    @BeforeEach
    void freshPage() {
        browser.viewport(1920, 1080);
        browser.driver.get(base + "/kiosk/S1?token=" + demo.kioskToken("S1"));
        idle();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").equals("conn-up"));
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("slide-name")).getText().isBlank());
        browser.severeLogs();
    }

    SimulatedShelf shelf() {
        return demo.shelves().shelf("S1").orElseThrow().shelf();
    }

    void idle() {
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.tagName("body")).getAttribute("class").contains("idle"));
    }

    List<WebElement> cards() {
        return browser.driver.findElements(By.cssSelector("#cards .card"));
    }

    void assertNoConsoleErrors() {
        List<LogEntry> errors = browser.severeLogs();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    @Test
    @Order(1)
    void aLiftShowsTheProductsCardAndAPutBackReturnsToIdle() throws Exception {
        browser.screenshot("kiosk-idle-landscape");
        shelf().lift("3", 1);
        browser.waitUpTo(WAIT).withMessage(() -> "no card; shelf " + shelf().lanes() + ", kiosk log "
                + browser.driver.manage().logs().get("browser").getAll()).until(d -> cards().size() == 1);
        browser.untilAsserted(WAIT, () -> {
            WebElement card = cards().get(0);
            assertEquals("dy-teaoil-500", card.getAttribute("data-sku"));
            assertTrue(card.findElement(By.className("name")).getText().contains("东源山茶油"));
            assertTrue(card.findElement(By.className("yuan")).getText().startsWith("¥"));
            assertTrue(card.findElement(By.className("path")).getText().contains("东源县"));
            assertTrue(card.findElement(By.className("story-text")).getText().length() > 5);
            assertTrue(card.findElement(By.className("qr-img")).getAttribute("src").endsWith("/qr.svg"));
            assertFalse(card.findElement(By.className("cert")).getText().isBlank(), "certified products show the badge");
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "const i = arguments[0]; return i.complete && i.naturalWidth > 0;",
                    card.findElement(By.className("qr-img"))));
        });
        browser.screenshot("kiosk-card-landscape");
        browser.viewport(1080, 1920);
        browser.screenshot("kiosk-card-portrait");
        assertCardFitsItsBox();
        browser.viewport(1920, 1080);
        assertCardFitsItsBox();

        shelf().putBack("3", 1);
        idle();
        assertTrue(cards().isEmpty());
        assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void twoLiftsAtOnceAreShownSideBySide() throws Exception {
        shelf().lift("1", 1);
        shelf().lift("5", 1);
        browser.waitUpTo(WAIT).until(d -> cards().size() == 2
                && "n2".equals(d.findElement(By.id("cards")).getAttribute("class")));
        WebElement a = cards().get(0);
        WebElement b = cards().get(1);
        assertTrue(a.getRect().getY() == b.getRect().getY() && a.getRect().getX() < b.getRect().getX(),
                "landscape: side by side");
        browser.screenshot("kiosk-compare-landscape");
        assertCardFitsItsBox();
        browser.viewport(1080, 1920);
        browser.screenshot("kiosk-compare-portrait");
        assertCardFitsItsBox();
        browser.viewport(1920, 1080);
        shelf().putBack("1", 1);
        shelf().putBack("5", 1);
        idle();
        assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void theEnglishToggleTranslatesTheScreenAndTheNextVisitorStartsInChinese() {
        browser.driver.findElement(By.id("lang")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("center-name")).getText().contains("counter"));
        assertEquals("Pick up a product to see where it comes from and whom it helps",
                browser.driver.findElement(By.cssSelector(".hint")).getText());
        browser.driver.findElement(By.id("lang")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("center-name")).getText().equals("消费扶贫专柜"));
        browser.driver.findElement(By.id("lang")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("center-name")).getText().contains("counter"));
        browser.driver.navigate().refresh();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("center-name")).getText().equals("消费扶贫专柜"));
        assertEquals("EN", browser.driver.findElement(By.id("lang")).getText());
        assertNoConsoleErrors();
    }

    @Test
    @Order(4)
    void theVirtualShelfMovesTheLoadCellsAndTheKioskFollows() throws Exception {
        browser.viewport(1600, 1000);
        browser.driver.get(base + "/virtual/S1");
        By lift = By.cssSelector(".lane[data-lane='4'] button.primary");
        browser.waitUpTo(WAIT).until(ExpectedConditions.elementToBeClickable(lift));
        int before = shelf().lanes().get(3).count();
        click(lift);
        browser.waitUpTo(WAIT).until(d -> shelf().lanes().get(3).count() == before - 1);
        browser.driver.switchTo().frame("kiosk");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#cards .card[data-sku='dy-teaoil-250']"))
                .isEmpty());
        browser.driver.switchTo().defaultContent();
        By back = By.xpath("//div[@data-lane='4']//button[contains(., 'Put back')]");
        click(back);
        browser.waitUpTo(WAIT).until(d -> shelf().lanes().get(3).count() == before);
        assertNoConsoleErrors();
    }

    @Test
    @Order(5)
    void theShelfListOfADisplaysTokenShowsItsOwnShelfOnlyAndLinksItsDisplay() throws Exception {
        browser.viewport(1280, 800);
        browser.driver.get(base + "/kiosk/?token=" + demo.kioskToken("S1"));
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#shelves li[data-shelf]")).isEmpty());
        assertEquals(List.of("S1"), browser.driver.findElements(By.cssSelector("#shelves li[data-shelf]")).stream()
                .map(li -> li.getAttribute("data-shelf")).toList(), "a kiosk token lists its own shelf only");
        assertEquals(base + "/kiosk/S1?token=" + demo.kioskToken("S1"), browser.driver.findElement(
                By.cssSelector("#shelves li[data-shelf='S1'] a.primary")).getAttribute("href"));
        browser.screenshot("kiosk-shelf-list");
        assertNoConsoleErrors();
    }

    /** The demo hub's catalog holds {@code list} as the region's certified list, marked for today; kiosks reloaded. */
    void regionList(org.ssk.protocol.region.CertifiedList list, java.util.function.Predicate<Card> reloaded)
            throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(config.center().zone());
        new org.ssk.hub.catalog.RegionCertificates(org.ssk.hub.ledger.Database.open(config.jdbcUrl()))
                .store(list, today, System.currentTimeMillis());
        demo.hub().vertx().eventBus().send(org.ssk.hub.kiosk.KioskCatalog.CHANGED_ADDRESS, null);
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> demo.hub().catalog().card("dy-teaoil-500").filter(reloaded).isPresent());
    }

    @Test
    @Order(6)
    void theCertifiedBadgeFollowsTheRegionsListAndIsShownOnlyWhileTheCertificateIsValid() throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(config.center().zone());
        regionList(new org.ssk.protocol.region.CertifiedList(1, List.of(new org.ssk.protocol.region.Certificate(
                "GD-2025-0077", "东源山茶油", "dy-teaoil-500", "东源县山茶油合作社", "东源县", 40, today.minusYears(1),
                today.minusDays(1)))), c -> c.certification() == null);
        shelf().lift("3", 1);
        browser.waitUpTo(WAIT).until(d -> cards().size() == 1);
        browser.untilAsserted(WAIT, () -> assertEquals("dy-teaoil-500", cards().get(0).getAttribute("data-sku")));
        assertFalse(cards().get(0).findElement(By.className("cert")).isDisplayed(),
                "an expired certificate shows no badge");
        shelf().putBack("3", 1);
        idle();

        regionList(new org.ssk.protocol.region.CertifiedList(2, List.of(new org.ssk.protocol.region.Certificate(
                "GD-2026-0078", "东源山茶油", "dy-teaoil-500", "东源县山茶油合作社", "东源县", 40, today.minusDays(1),
                today.plusYears(1)))), c -> c.certification() != null && "GD-2026-0078".equals(c.certification().number()));
        shelf().lift("3", 1);
        browser.waitUpTo(WAIT).until(d -> cards().size() == 1);
        browser.untilAsserted(WAIT, () -> {
            WebElement badge = cards().get(0).findElement(By.className("cert"));
            assertTrue(badge.isDisplayed(), "a valid certificate shows the badge");
            assertEquals("✓ 扶贫产品 · 认定编号 GD-2026-0078", badge.getText());
        });
        shelf().putBack("3", 1);
        idle();
        assertNoConsoleErrors();
    }

    @Test
    @Order(9)
    void aHubRestartKeepsTheScreenAndTheKioskRecovers() throws Exception {
        int port = demo.hub().httpPort();
        demo.close();
        demo = null;
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").equals("conn-down"));
        browser.untilAsserted(WAIT, () -> assertFalse(browser.driver.findElement(By.id("slide-name")).getText().isBlank(),
                "the attract loop keeps showing cached products while the hub is away"));
        browser.screenshot("kiosk-offline");

        demo = DemoCommand.start(config.withHttpPort(port), false);
        awaitShelvesReady();
        browser.waitUpTo(Duration.ofSeconds(45)).until(d ->
                d.findElement(By.id("conn")).getAttribute("class").equals("conn-up"));
        shelf().lift("2", 1);
        browser.waitUpTo(WAIT).until(d -> cards().size() == 1
                && "dy-rice-5000".equals(cards().get(0).getAttribute("data-sku")));
        // While the hub was down the page logged failed reconnects; nothing else may be there.
        List<LogEntry> errors = browser.severeLogs().stream()
                .filter(e -> !e.getMessage().contains("WebSocket connection")).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    /**
     * Nothing in a card is cut off: the card's parts fit the box it was given, and its story either
     * fits too or scrolls on by itself with the visible "more" cue.
     */
    private void assertCardFitsItsBox() {
        for (WebElement c : cards()) {
            Object overflow = browser.driver.executeScript("const c = arguments[0];"
                    + "return c.scrollHeight - c.clientHeight;", c);
            assertTrue(((Number) overflow).intValue() <= 2, "card overflows by " + overflow + " px");
            Object story = browser.driver.executeScript("const s = arguments[0].querySelector('.scroller'),"
                    + " b = s.querySelector('.scroll-body'), more = s.querySelector('.more');"
                    + "return b.scrollHeight - b.clientHeight <= 2"
                    + " || (s.classList.contains('overflowing') && getComputedStyle(more).display !== 'none');", c);
            assertEquals(Boolean.TRUE, story, "a story that does not fit scrolls on with a visible cue");
        }
    }
}
