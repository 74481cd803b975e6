package org.ssk.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.HubConfig;
import org.ssk.hub.demo.DemoCommand;

/**
 * The demo as a new user meets it: a fresh Chromium opens the links the demo printed, nothing
 * else. The shelf list leads to a virtual shelf whose embedded kiosk is connected (no 离线, no
 * 401), stocked (no "restocking") and shows the product a click lifts. Then the kiosk at every
 * screen shape the centers use, with one card (the longest aid story of the sample catalog) and
 * with three: no text is cut unless its box scrolls it on with a visible cue, nothing leaves the
 * screen, Chinese is never tofu. Screenshots for the README when {@code SSK_SCREENSHOTS} is set.
 */
class FirstRunBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Landscape and portrait 1080p, the 4:5 and 4:3 portrait panels, a 5:4 monitor, a bar display. */
    static final int[][] SHAPES = {{1920, 1080}, {1080, 1920}, {1080, 1350}, {1280, 1024}, {768, 1024}, {1920, 540}};
    /** Smallest text on any shape, CSS px: a bar display or a 768 px panel is read from the same 2 m. */
    static final int MIN_TEXT_PX = 14;

    @TempDir
    Path dir;
    DemoCommand.Running demo;
    String printed;

    /** Each test meets a demo of its own, as a new user does: a fresh data folder, a first start. */
    @BeforeEach
    void start() throws Exception {
        demo = DemoCommand.start(HubConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.toString()), false);
        printed = DemoCommand.urls(demo);
    }

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    /** The first printed URL of the line that starts with {@code label}. */
    String link(String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+.*?(http://\\S+)").matcher(printed);
        assertTrue(m.find(), "the demo prints a link for " + label + ":\n" + printed);
        return m.group(1);
    }

    SimulatedShelf shelf() {
        return demo.shelves().shelf("S1").orElseThrow().shelf();
    }

    @Test
    void aFreshBrowserFollowsThePrintedLinksToAConnectedStockedShelf() throws Exception {
        try (Browser browser = new Browser()) {
            browser.viewport(1920, 1080);
            browser.driver.get(link("kiosks"));
            browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("li[data-shelf='S1'] a")).isEmpty());
            browser.driver.findElements(By.cssSelector("li[data-shelf='S1'] a")).stream()
                    .filter(a -> a.getAttribute("href").contains("/virtual/")).findFirst().orElseThrow().click();
            assertTrue(demo.shelves().awaitOpened(Duration.ofSeconds(60)), "the opening restock finished");
            browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector(".lane[data-lane='1'] button")).isEmpty());
            WebElement lift = browser.driver.findElement(By.cssSelector(".lane[data-lane='1'] button.primary"));
            int held = shelf().lanes().get(0).held();
            browser.driver.switchTo().frame("kiosk");
            browser.waitUpTo(WAIT).withMessage("the embedded kiosk connects with the printed token")
                    .until(d -> "conn-up".equals(d.findElement(By.id("conn")).getAttribute("class")));
            browser.waitUpTo(WAIT).withMessage("a stocked shelf says nothing of restocking")
                    .until(d -> !d.findElement(By.id("restock")).isDisplayed());
            assertTrue(!browser.driver.findElement(By.tagName("body")).getText().contains("离线"));
            browser.driver.switchTo().defaultContent();
            lift.click();
            browser.waitUpTo(WAIT).until(d -> d.findElement(By.cssSelector(".lane[data-lane='1'] .meta")).getText()
                    .contains("手中 " + (held + 1) + " 件"));
            assertEquals(Boolean.TRUE, browser.driver.executeScript("return document.activeElement === arguments[0]",
                    lift), "the lane is updated in place: the pressed button keeps the keyboard focus");
            new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(" ").perform();
            browser.driver.switchTo().frame("kiosk");
            browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#cards .card .name")).stream()
                    .anyMatch(n -> n.getText().contains("东源客家大米")));
            browser.driver.switchTo().defaultContent();
            browser.waitUpTo(WAIT).until(d -> d.findElement(By.cssSelector(".lane[data-lane='1'] .meta")).getText()
                    .contains("手中 " + (held + 2) + " 件"));
            browser.screenshot("virtual-shelf");
            var errors = browser.severeLogs();
            assertTrue(errors.isEmpty(), "no 401 or other errors in a fresh browser: " + errors);
            shelf().putBack("1", held + 2);
        }
    }

    @Test
    void noTextIsCutWithoutAVisibleWayOnAtAnyScreenShape() throws Exception {
        assertTrue(demo.shelves().awaitOpened(Duration.ofSeconds(60)), "the opening restock finished");
        try (Browser browser = new Browser()) {
            PageChecks checks = new PageChecks(browser.driver);
            browser.viewport(1920, 1080);
            browser.driver.get(link("shelf S1  kiosk"));
            browser.waitUpTo(WAIT).until(d -> "conn-up".equals(d.findElement(By.id("conn")).getAttribute("class")));
            List<String> problems = new ArrayList<>();
            lookAtEveryShape(browser, checks, "kiosk-idle", problems, List.of());
            shelf().lift("1", 1);
            browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#cards .card")).size() == 1);
            assertEquals(Boolean.TRUE, browser.driver.executeScript(
                    "return document.querySelector('#cards .stat-households .n').textContent === '36'"
                            + " && document.querySelector('#cards .stat-income .n').textContent.includes('4')"),
                    "the card leads with households helped and income per household");
            lookAtEveryShape(browser, checks, "kiosk-card", problems, List.of("1"));
            shelf().putBack("1", SHAPES.length);
            browser.waitUpTo(WAIT).until(d -> d.findElement(By.tagName("body")).getAttribute("class").contains("idle"));
            shelf().lift("1", 1);
            shelf().lift("3", 1);
            shelf().lift("5", 1);
            browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#cards .card")).size() == 3);
            lookAtEveryShape(browser, checks, "kiosk-compare3", problems, List.of("1", "3", "5"));
            for (String lane : List.of("1", "3", "5")) {
                shelf().putBack(lane, SHAPES.length);
            }
            assertTrue(problems.isEmpty(), "a visitor would see:\n  " + String.join("\n  ", problems));
            var errors = browser.severeLogs();
            assertTrue(errors.isEmpty(), "browser console errors: " + errors);
        }
    }

    /**
     * Checks the page at each shape (fonts and images loaded, two frames drawn) and takes its
     * screenshot. Before each shape one more item is lifted from each of {@code lanes}, so the
     * cards stay up however long the checks take (a picked card leaves after 20 s).
     */
    void lookAtEveryShape(Browser browser, PageChecks checks, String shot, List<String> problems, List<String> lanes)
            throws Exception {
        int cards = lanes.size();
        boolean first = true;
        for (int[] s : SHAPES) {
            if (!first) {
                // Names blanked here are written again by the frames of the new lifts: then every timer is fresh.
                browser.driver.executeScript("document.querySelectorAll('#cards .card .name')"
                        + ".forEach(n => n.textContent = '')");
                lanes.forEach(l -> shelf().lift(l, 1));
                browser.waitUpTo(WAIT).until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                        "const n = [...document.querySelectorAll('#cards .card .name')];"
                                + " return n.length === arguments[0] && n.every(x => x.textContent !== '');", cards)));
            }
            first = false;
            browser.viewport(s[0], s[1]);
            browser.waitUpTo(WAIT).until(d -> Boolean.TRUE.equals(browser.driver.executeScript(
                    "return document.fonts.status === 'loaded'"
                            + " && [...document.images].every(i => !i.getAttribute('src') || i.complete);")));
            browser.driver.manage().timeouts().scriptTimeout(WAIT);
            browser.driver.executeAsyncScript("const done = arguments[0];"
                    + "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));");
            String where = shot + " " + s[0] + "x" + s[1] + ": ";
            checks.layout(MIN_TEXT_PX).forEach(p -> problems.add(where + p));
            if (s == SHAPES[0]) {
                checks.tofu().forEach(p -> problems.add(where + p));
            }
            browser.screenshot(shot + "-" + s[0] + "x" + s[1]);
        }
        assertEquals(cards, browser.driver.findElements(By.cssSelector("#cards .card")).size(),
                "the cards stayed while every shape was checked");
        browser.viewport(1920, 1080);
    }
}
