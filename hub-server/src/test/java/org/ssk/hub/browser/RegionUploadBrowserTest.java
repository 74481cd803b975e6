package org.ssk.hub.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.auth.Role;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.region.RegionLink;

/**
 * The console's dashboard in a real Chromium shows the upload to the region only once one is
 * configured: hidden without a region; with an unreachable one, the center and the region's host
 * and why nothing is uploaded, in a red tile.
 */
@Timeout(300)
class RegionUploadBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    private static Hub start(HubConfig config) throws Exception {
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createUser("olga", Role.OPERATOR, "operator-pass-1".toCharArray());
        return Hub.start(config, stores, List.of());
    }

    private static void dashboard(Browser browser, Hub hub) {
        String base = "http://localhost:" + hub.httpPort();
        browser.signedOut(base);
        browser.driver.get(base + "/console/#dashboard");
        browser.signIn("olga", "operator-pass-1");
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("kpi-state")).getText().isEmpty());
    }

    private static String tiles(Browser browser) {
        return browser.driver.findElement(By.id("upload-state")).getText();
    }

    /** The dashboard asks the hub again (the certified list's first fetch fails a moment after start). */
    private static void dashboardReloaded(Browser browser) {
        browser.driver.navigate().refresh();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("upload-state")).isDisplayed());
    }

    @Test
    void theDashboardShowsTheRegionUploadOnlyWhenARegionIsConfigured(@TempDir Path dir) throws Exception {
        HubConfig plain = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("a").toString());
        HubConfig withRegion = HubConfig.defaults().withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.resolve("b").toString())
                .withRegion(new RegionLink("center-7", "http://127.0.0.1:1", "region-secret-".repeat(4), 0, 0));
        try (Browser browser = new Browser()) {
            browser.viewport(1440, 1000);
            try (Hub hub = start(plain)) {
                dashboard(browser, hub);
                assertTrue(!browser.driver.findElement(By.id("upload-state")).isDisplayed(),
                        "no region, no upload tiles");
            }
            try (Hub hub = start(withRegion)) {
                dashboard(browser, hub);
                WebElement tiles = browser.driver.findElement(By.id("upload-state"));
                browser.waitUpTo(WAIT).until(d -> tiles.isDisplayed() && tiles.getText().contains("区域不可达"));
                String text = tiles.getText();
                assertTrue(text.contains("center-7 → 127.0.0.1:1"), text);
                assertTrue(text.contains("Region upload") && text.contains("上报区域"), text);
                assertTrue(!browser.driver.findElements(By.cssSelector("#upload-state .kpi.warn")).isEmpty(),
                        "an unreachable region is shown in red");
                browser.waitUpTo(WAIT).until(d -> {
                    dashboardReloaded(browser);
                    return tiles(browser).contains("区域认定清单 Certified list")
                            && tiles(browser).contains("未取到 Not fetched")
                            && tiles(browser).contains("certified list not fetched");
                });
                browser.screenshot("console-region-upload");
            }
        }
    }
}
