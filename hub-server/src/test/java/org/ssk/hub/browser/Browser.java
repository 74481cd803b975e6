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
    }

    WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(driver, d);
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

    void screenshot(String name) throws IOException {
        String dir = System.getenv("SSK_SCREENSHOTS");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path out = Path.of(dir).resolve(name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
