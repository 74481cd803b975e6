package org.ssk.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.auth.Role;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.ledger.QuarantinedEvent;
import org.ssk.hub.ledger.StoredEvent;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;

/**
 * The quarantine section of the console's ledger screen in a real Chromium: an operator sees the
 * implausible events with their reason, releases one (it then counts) and rejects another.
 */
class QuarantineBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void anOperatorSeesQuarantinedEventsWithTheirReasonAndReleasesOrRejectsThem() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createUser("olga", Role.OPERATOR, "operator-pass-1".toCharArray());
        long now = System.currentTimeMillis();
        stores.appender().append(new Restock("S1", "qb", 1, now, "3", "dy-teaoil-500", 900, 900 * 780.0));
        stores.appender().append(new Pick("S1", "qb", 2, now, "1", "ly-honey-500", 1, 720));
        try (Hub hub = Hub.start(config, stores, List.of()); Browser browser = new Browser()) {
            browser.viewport(1440, 1000);
            String base = "http://localhost:" + hub.httpPort();
            browser.signedOut(base);
            browser.driver.get(base + "/console/#ledger");
            browser.signIn("olga", "operator-pass-1");
            browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#quarantine-table tr[data-event]")).size() == 2);
            String restockRow = browser.driver.findElement(By.cssSelector("#quarantine-table tr[data-event='S1/qb/1']"))
                    .getText();
            assertTrue(restockRow.contains("Implausible quantity") && restockRow.contains("holds at most"), restockRow);
            assertTrue(browser.driver.findElement(By.cssSelector("#quarantine-table tr[data-event='S1/qb/2']")).getText()
                    .contains("Planogram mismatch"));
            browser.screenshot("console-quarantine");

            browser.driver.findElement(By.cssSelector("#quarantine-table tr[data-event='S1/qb/1'] button.release")).click();
            browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#quarantine-table tr[data-event]")).size() == 1);
            browser.driver.findElement(By.cssSelector("#quarantine-table tr[data-event='S1/qb/2'] button.reject")).click();
            browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#quarantine-table tr[data-event]")).isEmpty());

            assertEquals(List.of("S1/qb/1"), stores.ledger().events("S1").stream().map(StoredEvent::eventId).toList());
            assertEquals(900, stores.ledger().stockByLane("S1").get("3"));
            assertEquals(List.of("released olga", "rejected olga"), stores.ledger().quarantined(false).stream()
                    .map(q -> q.decision() + " " + q.byUser()).toList());
            assertTrue(stores.ledger().quarantined(true).stream().noneMatch(QuarantinedEvent::pending));
            var errors = browser.severeLogs().stream().filter(e -> !Browser.expectedSignInRefusal(e)).toList();
            assertTrue(errors.isEmpty(), "browser console errors: " + errors);
        }
    }
}
