package org.ssk.hub.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver) for page tests, with the flags
 * this machine needs, a fresh profile, and the browser console kept for inspection. Screenshots
 * are written only when {@code SSK_SCREENSHOTS} names a folder, so normal runs leave the tree alone.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;
    /** Where the browser saves downloads. */
    final Path downloads;
    private final Thread quitAtExit;

    Browser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install -y chromium chromium-driver (.ci/run does this)");
        }
        profile = Files.createTempDirectory("ssk-chromium");
        downloads = Files.createDirectories(profile.resolve("downloads"));
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + profile);
        o.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        // A test JVM ended before close (killed by a timeout, stopped by hand) ends its browser too.
        quitAtExit = new Thread(this::quitQuietly, "browser-quit");
        Runtime.getRuntime().addShutdownHook(quitAtExit);
    }

    private void quitQuietly() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println("quitting the browser: " + e);
        }
    }

    /**
     * A wait whose timeout message carries the page's visible text, the browser console and a
     * screenshot in the temporary folder, to see why.
     */
    WebDriverWait waitUpTo(Duration d) {
        WebDriverWait wait = new WebDriverWait(driver, d) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable lastException) {
                String text;
                try {
                    text = driver.findElement(org.openqa.selenium.By.tagName("body")).getText();
                } catch (RuntimeException e) {
                    text = "(no page text: " + e + ")";
                }
                String logs = driver.manage().logs().get(LogType.BROWSER).getAll().toString();
                String shot;
                try {
                    Path file = Files.createTempFile("ssk-browser-timeout-", ".png");
                    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
                    shot = file.toString();
                } catch (IOException | RuntimeException e) {
                    shot = "none (" + e + ")";
                }
                return super.timeoutException(message + "\npage text: " + abbreviate(text) + "\nbrowser console: "
                        + abbreviate(logs) + "\nscreenshot: " + shot, lastException);
            }
        };
        // A page re-rendering between finding an element and reading it: look again.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
    }

    /** Sets the viewport (not the window) to exactly {@code w} x {@code h} CSS pixels. */
    void viewport(int w, int h) {
        driver.manage().window().setSize(new Dimension(w, h));
        Long innerW = (Long) driver.executeScript("return window.innerWidth");
        Long innerH = (Long) driver.executeScript("return window.innerHeight");
        driver.manage().window().setSize(new Dimension(2 * w - innerW.intValue(), 2 * h - innerH.intValue()));
    }

    /** Browser console entries at SEVERE since the last call. */
    List<LogEntry> severeLogs() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** Forgets any session: opens a page of the hub's origin and deletes its cookies. */
    void signedOut(String base) {
        driver.get(base + "/health");
        driver.manage().deleteAllCookies();
    }

    /**
     * Whether a console entry is the browser's own note on a 401 of the sign-in endpoints (or on the
     * favicon of {@code /health}): a page
     * asks {@code /api/v1/auth/me} to learn whether anyone is signed in, and a wrong password is 401.
     */
    static boolean expectedSignInRefusal(LogEntry e) {
        return e.getMessage().contains("/favicon.ico - Failed to load resource") || e.getMessage().matches("(?s).*/api/v1/auth/(me|login) - Failed to load resource: the server responded"
                + " with a status of 401.*");
    }

    /** Fills the hub's sign-in screen (console or staff page) and submits it. */
    void signIn(String user, String password) {
        waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(org.openqa.selenium.By.id("signin-user")).isDisplayed());
        var u = driver.findElement(org.openqa.selenium.By.id("signin-user"));
        u.clear();
        u.sendKeys(user);
        var p = driver.findElement(org.openqa.selenium.By.id("signin-password"));
        p.clear();
        p.sendKeys(password);
        driver.findElement(org.openqa.selenium.By.id("signin-submit")).click();
    }

    /** Answers the page's confirmation dialog (confirm.js) with its action button; returns the question asked. */
    String confirm() {
        var ok = org.openqa.selenium.By.id("confirm-ok");
        waitUpTo(Duration.ofSeconds(20)).until(d -> !d.findElements(ok).isEmpty() && d.findElement(ok).isDisplayed());
        String question = driver.findElement(org.openqa.selenium.By.id("confirm-text")).getText();
        driver.findElement(ok).click();
        return question;
    }

    void screenshot(String name) throws IOException {
        String dir = System.getenv("SSK_SCREENSHOTS");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path out = Path.of(dir).resolve(name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * Waits until the assertions, which read the page, all hold (the page may still be filling in
     * what they read); on timeout the last failed assertion is the cause.
     */
    void untilAsserted(Duration d, Runnable assertions) {
        waitUpTo(d).ignoring(AssertionError.class).until(driver -> {
            assertions.run();
            return true;
        });
    }

    /**
     * The text of the {@code td} cells of each row matched by {@code rowSelector}, read in one go;
     * for waits that read a table only once every row has the cells the test reads.
     */
    static java.util.List<java.util.List<String>> cells(org.openqa.selenium.WebDriver d, String rowSelector) {
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        for (org.openqa.selenium.WebElement r : d.findElements(org.openqa.selenium.By.cssSelector(rowSelector))) {
            rows.add(r.findElements(org.openqa.selenium.By.tagName("td")).stream()
                    .map(org.openqa.selenium.WebElement::getText).toList());
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        Runtime.getRuntime().removeShutdownHook(quitAtExit);
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
