package org.ssk.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;
import org.ssk.hub.demo.DemoCommand;

/**
 * Every page of the hub under its Content-Security-Policy in a real Chromium, against the demo:
 * each page loads, does its work (the kiosk connects, the virtual shelf shows its lanes and the
 * kiosk in its frame, the console and staff pages sign in) and the browser reports no CSP
 * violation. A control shows that a violation would be seen: an inline script added to a page is
 * refused and reported. And the kiosk page, on a public screen, ignores the context menu, text
 * selection and dragging.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Each test drives a Chromium started for the class: a hung page must not hang the build.
@org.junit.jupiter.api.Timeout(300)
@org.junit.jupiter.api.extension.ExtendWith(SharedDemo.class)
class PageSecurityBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    DemoCommand.Running demo;
    Browser browser;
    String base;

    /** The demo it shares with {@link FirstRunBrowserTest}: these tests only look, sign in and out. */
    @BeforeAll
    void start(DemoCommand.Running shared) throws Exception {
        demo = shared;
        base = "http://127.0.0.1:" + demo.hub().httpPort();
        browser = new Browser();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** Console entries that report a Content-Security-Policy violation. */
    List<String> violations() {
        return browser.driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .toList();
    }

    /** Leaves the last test's page and forgets what it logged, late reports included. */
    @BeforeEach
    void blankSlate() {
        browser.driver.get(base + "/health");
        violations();
    }

    @Test
    void theKioskPagesRunUnderThePolicyWithoutViolations() {
        browser.driver.get(base + "/kiosk/?token=" + demo.kioskToken("S1"));
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#shelves li[data-shelf]")).isEmpty());
        assertEquals(List.of(), violations(), "shelf list");

        browser.driver.get(base + "/kiosk/S1?token=" + demo.kioskToken("S1"));
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").equals("conn-up"));
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("slide-name")).getText().isBlank());
        assertEquals(List.of(), violations(), "kiosk page");

        browser.driver.get(base + "/virtual/S1");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#lanes .lane")).isEmpty());
        browser.driver.switchTo().frame("kiosk");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.id("stage")).isEmpty());
        browser.driver.switchTo().defaultContent();
        assertEquals(List.of(), violations(), "virtual shelf with the kiosk in its frame");
    }

    @Test
    void theConsoleAndStaffPagesRunUnderThePolicyWithoutViolations() {
        browser.signedOut(base);
        browser.driver.get(base + "/console/");
        browser.signIn("admin", demo.adminPassword());
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("signin-user")).isDisplayed());
        // The console opens on its dashboard; the shelves screen draws the most from script.
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#kpi-today .kpi")).isEmpty());
        browser.driver.findElement(By.cssSelector("#nav a[href='#shelves']")).click();
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#shelf-map .shelf")).isEmpty());
        assertEquals(List.of(), violations(), "console");

        browser.signedOut(base);
        browser.driver.get(base + "/staff/");
        browser.signIn("staff", demo.staffPassword());
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("signin-user")).isDisplayed());
        assertEquals(List.of(), violations(), "staff page");
    }

    @Test
    void anInlineScriptAddedToAPageIsRefusedAndReported() {
        browser.driver.get(base + "/kiosk/?token=" + demo.kioskToken("S1"));
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#shelves li")).isEmpty());
        violations();
        browser.driver.executeScript("const s = document.createElement('script');"
                + " s.textContent = 'document.title = \"pwned\"'; document.body.append(s);"
                + " document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"document.title=1\">');");
        browser.waitUpTo(WAIT).until(d -> !violations().isEmpty());
        assertTrue(!browser.driver.getTitle().equals("pwned") && !browser.driver.getTitle().equals("1"),
                browser.driver.getTitle());
    }

    @Test
    void theKioskPageIgnoresTheContextMenuSelectionAndDragging() {
        browser.driver.get(base + "/kiosk/S1?token=" + demo.kioskToken("S1"));
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").equals("conn-up"));
        for (String type : List.of("contextmenu", "selectstart", "dragstart")) {
            Object kept = browser.driver.executeScript("const e = new MouseEvent(arguments[0], {bubbles: true,"
                    + " cancelable: true}); return document.querySelector('#stage').dispatchEvent(e);", type);
            assertEquals(Boolean.FALSE, kept, type + " is cancelled by the page");
        }
        assertEquals("none", browser.driver.executeScript("return getComputedStyle(document.body).userSelect"));
        assertEquals(List.of(), violations());
    }
}
