package org.ssk.hub.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
import org.openqa.selenium.support.ui.Select;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.TestHttp;
import org.ssk.hub.auth.Role;
import org.ssk.hub.ledger.Sale;
import org.ssk.hub.ledger.StockEntry;

/**
 * The console's admin and operator screens in a real Chromium against a hub with the sample
 * catalog: user management (and what an operator sees of it), catalog editing and image upload
 * reaching the kiosk card API, acknowledging an alert, and the ledger with filters and a
 * correction. Accounts are made in the stores; everything else goes through the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Each test drives a Chromium started for the class: a hung page must not hang the build.
@Timeout(300)
@Order(1)
class ConsoleAdminBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    JdbcStorage stores;
    Hub hub;
    Browser browser;
    String base;

    @BeforeAll
    void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createUser("root", Role.ADMIN, "admin-pass-123".toCharArray());
        stores.accounts().createUser("olga", Role.OPERATOR, "operator-pass-1".toCharArray());
        stores.accounts().createUser("sam", Role.STAFF, "staff-pass-123".toCharArray());
        hub = Hub.start(config, stores, List.of());
        base = "http://localhost:" + hub.httpPort();
        browser = new Browser();
        browser.viewport(1440, 1000);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    private void console(String hash, String user, String password) {
        browser.signedOut(base);
        browser.driver.get(base + "/console/" + hash);
        browser.signIn(user, password);
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("who-name")).getText().startsWith(user));
    }

    private JsonObject card(String sku) throws Exception {
        return new JsonObject(TestHttp.get(hub.httpPort(), "/api/v1/products/" + sku).body());
    }

    @Test
    void anAdminAddsAnOperatorWhoThenCannotManageUsers() throws Exception {
        console("#users", "root", "admin-pass-123");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(By.cssSelector("#user-table tr[data-user='root']")).isEmpty());
        browser.driver.findElement(By.id("new-user")).sendKeys("oscar");
        new Select(browser.driver.findElement(By.id("new-role"))).selectByValue("operator");
        browser.driver.findElement(By.id("new-password")).sendKeys("oscar-pass-12");
        browser.driver.findElement(By.cssSelector("#user-form button[type=submit]")).click();
        browser.untilAsserted(WAIT, () -> assertEquals("operator", new Select(browser.driver.findElement(
                By.cssSelector("#user-table tr[data-user='oscar'] select.role"))).getFirstSelectedOption().getText()));

        browser.driver.findElement(By.id("token-label")).sendKeys("entrance kiosk");
        browser.driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("secret-box")).getText().contains("/kiosk/S1?token="));
        browser.screenshot("console-users");

        browser.driver.findElement(By.id("sign-out")).click();
        browser.signIn("oscar", "oscar-pass-12");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("who-name")).getText().startsWith("oscar"));
        assertFalse(browser.driver.findElement(By.cssSelector("#nav a[href='#users']")).isDisplayed(),
                "operators are not offered user management");
        assertTrue(browser.driver.findElement(By.cssSelector("#nav a[href='#catalog']")).isDisplayed());
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("users-msg")).getText().contains("Only admins"));
        assertFalse(browser.driver.findElement(By.id("user-table")).isDisplayed());
        assertNoConsoleErrors("/api/v1/users - Failed to load resource: the server responded with a status of 403");
    }

    /**
     * A password reset happens in the page's own dialog (no window.prompt): cancel changes nothing,
     * a short, mistyped or refused password is explained inline with the dialog still open, and a
     * generated one is shown once and is then the user's password.
     */
    @Test
    void anAdminResetsAPasswordInTheDialogTypedTwiceOrGenerated() throws Exception {
        stores.accounts().createUser("petra", Role.STAFF, "petra-pass-123".toCharArray());
        console("#users", "root", "admin-pass-123");
        By reset = By.cssSelector("#user-table tr[data-user='petra'] button.reset");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(reset).isEmpty());
        By dialog = By.id("password-dialog");
        browser.driver.findElement(reset).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(dialog).isDisplayed());
        assertTrue(browser.driver.findElement(By.id("password-text")).getText().contains("petra"));
        browser.driver.findElement(By.id("password-new")).sendKeys("typed-but-cancelled");
        browser.driver.findElement(By.id("password-cancel")).click();
        browser.waitUpTo(WAIT).until(d -> !d.findElement(dialog).isDisplayed());
        assertTrue(stores.accounts().login("petra", "petra-pass-123".toCharArray()).isPresent(), "cancel changes nothing");

        browser.driver.findElement(reset).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(dialog).isDisplayed());
        assertEquals("", browser.driver.findElement(By.id("password-new")).getDomProperty("value"),
                "the dialog opens empty");
        twice("short", "short");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("password-error")).getText().contains("at least 10"));
        twice("long-enough-1", "long-enough-2");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("password-error")).getText().contains("differ"));
        String tooLong = "x".repeat(80);
        twice(tooLong, tooLong);
        browser.waitUpTo(WAIT).withMessage("the hub's refusal is shown in the dialog")
                .until(d -> d.findElement(By.id("password-error")).getText().startsWith("没有重设 Not reset: ")
                        && d.findElement(dialog).isDisplayed());

        browser.driver.findElement(By.id("password-generate")).click();
        String generated = browser.driver.findElement(By.id("password-shown")).getText();
        assertTrue(generated.matches("[A-Za-z0-9]{16}"), generated);
        assertEquals(generated, browser.driver.findElement(By.id("password-again")).getDomProperty("value"));
        assertEquals("", browser.driver.findElement(By.id("password-error")).getText());
        browser.screenshot("console-password-reset");
        browser.driver.findElement(By.id("password-ok")).click();
        browser.waitUpTo(WAIT).until(d -> !d.findElement(dialog).isDisplayed()
                && d.findElement(By.id("users-msg")).getText().contains("their sessions ended: petra"));
        assertEquals("", browser.driver.findElement(By.id("password-shown")).getText(), "shown once, then gone");
        assertTrue(stores.accounts().login("petra", generated.toCharArray()).isPresent(), "the generated password works");
        assertTrue(stores.accounts().login("petra", "petra-pass-123".toCharArray()).isEmpty(), "the old one does not");
        assertNoConsoleErrors("/api/v1/users/petra/password - Failed to load resource: the server responded with a status of 400");
    }

    /**
     * Deleting asks first (cancel keeps the account); the last admin cannot be disabled and the
     * page says why; anyone changes their own password on "My password", the old one required.
     */
    @Test
    void anAdminDeletesAfterConfirmingKeepsTheLastAdminAndEveryoneChangesTheirOwnPassword() throws Exception {
        stores.accounts().createUser("dora", Role.STAFF, "dora-pass-123".toCharArray());
        stores.accounts().createUser("stan", Role.STAFF, "stan-pass-123".toCharArray());
        console("#users", "root", "admin-pass-123");
        By delete = By.cssSelector("#user-table tr[data-user='dora'] button.delete");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(delete).isEmpty());
        browser.driver.findElement(delete).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("confirm-dialog")).isDisplayed());
        assertTrue(browser.driver.findElement(By.id("confirm-text")).getText().contains("dora"));
        browser.driver.findElement(By.id("confirm-cancel")).click();
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("confirm-dialog")).isDisplayed());
        assertTrue(stores.accounts().users().stream().anyMatch(u -> u.username().equals("dora")), "cancel keeps her");
        browser.driver.findElement(delete).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("confirm-dialog")).isDisplayed());
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("users-msg")).getText().contains("Deleted: dora")
                && d.findElements(delete).isEmpty());
        assertTrue(stores.accounts().users().stream().noneMatch(u -> u.username().equals("dora")));

        browser.driver.findElement(By.cssSelector("#user-table tr[data-user='root'] button.toggle")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("confirm-dialog")).isDisplayed());
        browser.driver.findElement(By.id("confirm-ok")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("users-msg")).getText()
                .contains("at least one enabled admin"));
        assertFalse(stores.accounts().users().stream().filter(u -> u.username().equals("root")).findFirst()
                .orElseThrow().disabled());

        browser.driver.findElement(By.id("sign-out")).click();
        browser.driver.get(base + "/console/#account");
        browser.signIn("stan", "stan-pass-123");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("account-name")).getText().startsWith("stan"));
        ownPassword("not-my-password", "stan-pass-456", "stan-pass-456");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("account-msg")).getText().contains("old password is wrong"));
        ownPassword("stan-pass-123", "stan-pass-456", "stan-pass-456");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("account-msg")).getText().contains("Password changed"));
        assertTrue(stores.accounts().login("stan", "stan-pass-456".toCharArray()).isPresent());
        assertTrue(stores.accounts().login("stan", "stan-pass-123".toCharArray()).isEmpty());
        assertNoConsoleErrors("/api/v1/users/root - Failed to load resource: the server responded with a status of 409",
                "/api/v1/auth/password - Failed to load resource: the server responded with a status of 400");
    }

    private void ownPassword(String old, String fresh, String again) {
        for (var f : List.of(List.of("own-old", old), List.of("own-new", fresh), List.of("own-again", again))) {
            WebElement input = browser.driver.findElement(By.id(f.get(0)));
            input.clear();
            input.sendKeys(f.get(1));
        }
        browser.driver.findElement(By.id("own-save")).click();
    }

    /** Types {@code first} and {@code second} into the password dialog's fields and submits it. */
    private void twice(String first, String second) {
        for (var f : List.of(List.of("password-new", first), List.of("password-again", second))) {
            WebElement input = browser.driver.findElement(By.id(f.get(0)));
            input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), f.get(1));
        }
        browser.driver.findElement(By.id("password-ok")).click();
    }

    @Test
    void tooManyWrongPasswordsAreExplainedWithTheWait() {
        browser.signedOut(base);
        browser.driver.get(base + "/console/");
        for (int i = 0; i < 5; i++) {
            browser.signIn("mallory", "guess-" + i);
            // Submitting clears the message first, so this waits for this attempt's answer.
            browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("signin-message")).getText()
                    .contains("Wrong user name"));
        }
        browser.signIn("mallory", "guess-5");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("signin-message")).getText().matches(
                "(?s).*Too many attempts; try again in \\d+ s.*"));
        assertNoConsoleErrors("/api/v1/auth/login - Failed to load resource: the server responded with a status of 429");
    }

    @Test
    void anOperatorEditsAProductAndUploadsItsImageAndTheKioskCardFollows() throws Exception {
        console("#catalog", "olga", "operator-pass-1");
        By kiwi = By.cssSelector("#product-table tr[data-sku='ly-kiwi-1000']");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(kiwi).isEmpty());
        browser.driver.findElement(kiwi).click();
        WebElement name = browser.driver.findElement(By.id("f-name_zh"));
        browser.waitUpTo(WAIT).until(d -> name.isDisplayed());
        String markup = "<img src=x onerror=alert(1)>红心猕猴桃";
        name.clear();
        name.sendKeys(markup);
        browser.driver.findElement(By.id("product-save")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("product-msg")).getText().contains("Saved"));
        await().atMost(WAIT).until(() -> card("ly-kiwi-1000").getString("name_zh").equals(markup));
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(kiwi).getText().contains(markup));
        assertTrue(browser.driver.findElements(By.cssSelector("#product-table img[src='x']")).isEmpty(),
                "a product name is shown as text, never as markup");

        Path png = dir.resolve("kiwi.png");
        var img = new java.awt.image.BufferedImage(120, 90, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new java.awt.Color(0x8a, 0xb0, 0x3c));
        g.fillRect(0, 0, 120, 90);
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        browser.driver.findElement(By.id("image-file")).sendKeys(png.toString());
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("product-msg")).getText().contains("Image uploaded"));
        browser.untilAsserted(WAIT, () -> {
            String src = browser.driver.findElement(By.id("product-image")).getAttribute("src");
            assertTrue(src != null && src.contains("/api/v1/media/ly-kiwi-1000-"), src);
        });
        browser.waitUpTo(WAIT).until(d -> Long.valueOf(120).equals(
                browser.driver.executeScript("return document.getElementById('product-image').naturalWidth")));
        await().atMost(WAIT).until(() -> card("ly-kiwi-1000").getString("image_url").startsWith("/api/v1/media/"));
        browser.screenshot("console-catalog");

        new Select(browser.driver.findElement(By.id("plano-shelf"))).selectByValue("S3");
        WebElement grams = browser.driver.findElement(By.cssSelector("#plano-table tbody tr:first-child .grams"));
        grams.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), "1234");
        new Select(browser.driver.findElement(By.cssSelector("#plano-table tbody tr:first-child .sku")))
                .selectByValue("ly-kiwi-1000");
        browser.driver.findElement(By.id("plano-save")).click();
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("plano-msg")).getText().contains("config version"));
        await().atMost(WAIT).until(() -> hub.catalog().shelf("S3").orElseThrow().lanes().getFirst().unitGrams() == 1234);
        browser.driver.executeScript("document.getElementById('plano-table').scrollIntoView()");
        browser.screenshot("console-planogram");
        assertNoConsoleErrors();
    }

    @Test
    void anAlertAcknowledgedInTheConsoleOrOnTheStaffPageStaysOpen() throws Exception {
        // Told as ingest would, so that the hub's own periodic alert checks see the shelves offline
        // too and do not clear the alerts before the page shows them.
        stores.shelfOnline("S2", false);
        stores.shelfOnline("S3", false);
        stores.alerts().evaluate(System.currentTimeMillis(), Set.of("S2", "S3"));
        console("#alerts", "olga", "operator-pass-1");
        By offline = By.cssSelector("#alert-list li[data-kind='shelf_offline']");
        browser.waitUpTo(WAIT).until(d -> !d.findElements(offline).isEmpty());
        browser.driver.findElement(offline).findElement(By.cssSelector("button.ack")).click();
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(offline).getText().contains("Acknowledged: olga"));
        assertTrue(stores.alerts().open().stream().anyMatch(a -> a.kind().wireName().equals("shelf_offline")),
                "acknowledging does not clear");
        browser.screenshot("console-alerts");
        assertNoConsoleErrors();

        browser.signedOut(base);
        browser.viewport(390, 844);
        try {
            browser.driver.get(base + "/staff/?shelf=S3");
            browser.signIn("sam", "staff-pass-123");
            By s3 = By.cssSelector("#alerts li button.ack");
            browser.waitUpTo(WAIT).until(d -> !d.findElements(s3).isEmpty());
            browser.driver.findElement(s3).click();
            browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> d.findElement(By.id("alerts")).getText().contains("已确认 sam"));
            assertTrue(stores.alerts().open().stream().filter(a -> "S3".equals(a.shelf())).count() >= 1);
            assertNoConsoleErrors();
        } finally {
            browser.viewport(1440, 1000);
            stores.shelfOnline("S2", true);
            stores.shelfOnline("S3", true);
        }
    }

    @Test
    void theLedgerListsEntriesByKindAndTakesACorrection() throws Exception {
        long t = System.currentTimeMillis();
        stores.ledger().recordSale(new Sale("POS-B1", "pos", t, List.of(new Sale.Line("ly-honey-500", 2, "S3")), null));
        stores.ledger().recordStockEntry(StockEntry.stockTake("ST-B1", "S3", "1", "ly-honey-500", t, 0, "sam"));
        console("#ledger", "olga", "operator-pass-1");
        browser.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("#ledger-table tbody tr[data-kind]")).size() >= 2);
        new Select(browser.driver.findElement(By.id("ledger-kind"))).selectByValue("sale");
        browser.driver.findElement(By.cssSelector("#ledger-form button[type=submit]")).click();
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#ledger-table tbody tr"));
            return rows.size() == 1 && rows.get(0).getText().contains("POS-B1") && rows.get(0).getText().contains("196.00");
        });
        browser.untilAsserted(WAIT, () -> assertTrue(
                browser.driver.findElement(By.id("ledger-csv")).getAttribute("href").contains("kind=sale")));

        new Select(browser.driver.findElement(By.id("ledger-kind"))).selectByValue("");
        browser.driver.findElement(By.id("corr-shelf")).sendKeys("S3");
        browser.driver.findElement(By.id("corr-lane")).sendKeys("1");
        browser.driver.findElement(By.id("corr-sku")).sendKeys("ly-honey-500");
        browser.driver.findElement(By.id("corr-qty")).sendKeys("-1");
        browser.driver.findElement(By.id("corr-ref")).sendKeys("ST-B1");
        browser.driver.findElement(By.id("corr-note")).sendKeys("broken jar");
        browser.driver.findElement(By.cssSelector("#correction-form button[type=submit]")).click();
        assertTrue(browser.confirm().contains("S3/1"), "the correction is confirmed before it is booked");
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("corr-msg")).getText().contains("Recorded"));
        browser.waitUpTo(WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                d.findElements(By.cssSelector("#ledger-table tbody tr[data-kind='correction']")).stream()
                        .anyMatch(r -> r.getText().contains("broken jar") && r.getText().contains("olga")));
        browser.screenshot("console-ledger");
        assertNoConsoleErrors();
    }

    /** No errors in the browser console besides the sign-in's own 401s and those {@code expected}. */
    private void assertNoConsoleErrors(String... expected) {
        List<LogEntry> errors = browser.severeLogs().stream().filter(e -> !Browser.expectedSignInRefusal(e))
                .filter(e -> java.util.Arrays.stream(expected).noneMatch(x -> e.getMessage().contains(x))).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }
}
