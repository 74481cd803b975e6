package org.ssk.region;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver) for the region console's page
 * tests, started as the hub's browser tests start it (same flags), with a fresh profile and a
 * downloads folder, both removed at close.
 */
final class RegionBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;

    RegionBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver");
        }
        profile = Files.createTempDirectory("ssk-region-chromium");
        downloads = Files.createDirectories(profile.resolve("downloads"));
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1400,1000");
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), o);
    }

    /** Waits until {@code assertions} (which read the page) all hold; the last failure is the cause on timeout. */
    void until(Runnable assertions) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(AssertionError.class).ignoring(StaleElementReferenceException.class).until(d -> {
            assertions.run();
            return true;
        });
    }

    void signIn(String user, String password) {
        until(() -> {
            if (!driver.findElement(By.id("signin-user")).isDisplayed()) {
                throw new AssertionError("no sign-in screen yet");
            }
        });
        driver.findElement(By.id("signin-user")).clear();
        driver.findElement(By.id("signin-user")).sendKeys(user);
        driver.findElement(By.id("signin-password")).clear();
        driver.findElement(By.id("signin-password")).sendKeys(password);
        driver.findElement(By.id("signin-submit")).click();
    }

    /** Text of each cell of each row matched by {@code rows}, read in one go. */
    java.util.List<java.util.List<String>> cells(String rows) {
        return driver.findElements(By.cssSelector(rows)).stream().map(r -> r.findElements(By.tagName("td")).stream()
                .map(org.openqa.selenium.WebElement::getText).toList()).toList();
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
