package org.ssk.hub.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.demo.DemoCommand;

/**
 * What a visitor's eyes check on the kiosk, in a real Chromium against the demo hub: the idle loop
 * plays a product's short video muted with captions and keeps it for offline use, Chinese is drawn
 * in Noto CJK (never tofu) including the faces the hub serves itself, text fits the 1080p screen in
 * landscape and portrait, contrast and tap targets are adequate, a card appears without a layout
 * jump and shows its origin as a region graphic. The clip is recorded at test time by the same
 * Chromium (canvas → MediaRecorder → WebM): this machine has no ffmpeg and nothing is downloaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Each test drives a Chromium started for the class: a hung page must not hang the build.
@Timeout(600)
@Order(1)
class KioskLooksBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration LOOP = Duration.ofSeconds(120);
    static final String VIDEO_SKU = "dy-rice-2500";
    static final String CLIP = "/media/" + VIDEO_SKU + ".webm";
    static final int[][] SCREENS = {{1920, 1080}, {1080, 1920}};
    /** The smallest text a visitor a metre from a 1080p screen reads without leaning in, CSS px. */
    static final int MIN_TEXT_PX = 16;

    @TempDir
    static Path dir;
    DemoCommand.Running demo;
    Browser browser;
    PageChecks checks;
    String base;
    byte[] clip;

    @BeforeAll
    void start() throws Exception {
        browser = new Browser();
        checks = new PageChecks(browser.driver);
        clip = recordClip(4000);
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.resolve("hub").toString());
        Files.write(Files.createDirectories(dir.resolve("hub/media")).resolve(VIDEO_SKU + ".webm"), clip);
        try (JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config)) {
            Product p = stores.catalog().product(VIDEO_SKU).orElseThrow();
            stores.catalog().saveProducts(List.of(withVideo(p, CLIP)), System.currentTimeMillis());
        }
        demo = DemoCommand.start(config, false);
        base = "http://localhost:" + demo.hub().httpPort();
        assertTrue(demo.shelves().awaitOpened(WAIT), "the demo's opening restock did not finish");
    }

    /** A few seconds of a drawn animation, recorded by Chromium as WebM (VP8). */
    byte[] recordClip(int ms) {
        browser.driver.get("about:blank");
        browser.driver.manage().timeouts().scriptTimeout(Duration.ofMillis(ms + 20_000));
        String b64 = (String) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1], ms = arguments[0];
                const c = document.createElement('canvas'); c.width = 320; c.height = 180;
                document.body.append(c);
                const g = c.getContext('2d');
                const rec = new MediaRecorder(c.captureStream(25), {mimeType: 'video/webm;codecs=vp8'});
                const parts = [];
                rec.ondataavailable = e => parts.push(e.data);
                rec.onstop = () => { const r = new FileReader();
                  r.onload = () => done(r.result.split(',')[1]); r.readAsDataURL(new Blob(parts)); };
                const t0 = performance.now();
                const frame = () => { const t = (performance.now() - t0) / 1000;
                  g.fillStyle = '#2f6b3f'; g.fillRect(0, 0, 320, 180);
                  g.fillStyle = '#f4d06f'; g.beginPath(); g.arc(40 + (t * 70) % 240, 110, 28, 0, 7); g.fill();
                  g.fillStyle = '#fff'; g.font = '24px sans-serif'; g.fillText('rice fields ' + t.toFixed(1) + ' s', 16, 36); };
                const timer = setInterval(frame, 40); frame(); rec.start(500);
                setTimeout(() => { clearInterval(timer); rec.stop(); }, ms);
                """, ms);
        return Base64.getDecoder().decode(b64);
    }

    static Product withVideo(Product p, String url) {
        return new Product(p.sku(), p.nameZh(), p.nameEn(), p.priceYuan(), p.unit(), p.spec(), p.introZh(),
                p.introEn(), p.storyZh(), p.storyEn(), p.origin(), p.producer(), p.season(), p.outputScale(),
                p.annualOutput(), p.marketPrice(), p.certification(), p.trace(), p.color(), p.imageUrl(), url);
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
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").equals("conn-up"));
        browser.waitUpTo(WAIT).until(d -> !d.findElement(By.id("slide-name")).getText().isBlank());
        browser.severeLogs();
    }

    SimulatedShelf shelf() {
        return demo.shelves().shelf("S1").orElseThrow().shelf();
    }

    Object js(String script, Object... args) {
        return browser.driver.executeScript(script, args);
    }

    List<WebElement> cards() {
        return browser.driver.findElements(By.cssSelector("#cards .card"));
    }

    void idle() {
        browser.waitUpTo(WAIT).until(d -> d.findElement(By.tagName("body")).getAttribute("class").contains("idle"));
    }

    /** Fonts loaded, images decoded and two frames drawn: what is on screen now is what a visitor sees. */
    void settled() {
        browser.waitUpTo(WAIT).until(d -> Boolean.TRUE.equals(js("return document.fonts.status === 'loaded'"
                + " && [...document.images].every(i => !i.getAttribute('src') || i.complete);")));
        browser.driver.manage().timeouts().scriptTimeout(WAIT);
        browser.driver.executeAsyncScript("const done = arguments[0];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 700)));");
    }

    /** Layout, contrast and tap targets in both 1080p orientations; screenshots named {@code shot-WxH}. */
    void assertReadableOnBothScreens(String shot) throws Exception {
        List<String> problems = new ArrayList<>();
        for (int[] s : SCREENS) {
            browser.viewport(s[0], s[1]);
            settled();
            String where = s[0] > s[1] ? "landscape: " : "portrait: ";
            checks.layout(MIN_TEXT_PX).forEach(p -> problems.add(where + p));
            checks.contrast(4.5).forEach(p -> problems.add(where + p));
            checks.tapTargets(44).forEach(p -> problems.add(where + p));
            if (shot != null) {
                browser.screenshot(shot + (s[0] > s[1] ? "-landscape" : "-portrait"));
            }
        }
        browser.viewport(1920, 1080);
        assertTrue(problems.isEmpty(), "a visitor would see:\n  " + String.join("\n  ", problems));
    }

    void assertNoConsoleErrors() {
        var errors = browser.severeLogs();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    @Test
    @Order(1)
    void theIdleLoopPlaysTheProductVideoMutedInlineWithCaptions() throws Exception {
        assertTrue(clip.length > 1000, "Chromium recorded a clip of " + clip.length + " bytes");
        WebElement video = browser.driver.findElement(By.id("slide-video"));
        // On a busy machine the clip may start too late for its slide's turn: wait for it to come round
        // again (one loop of S1's slides, 7 s or more each, is well under two minutes).
        browser.waitUpTo(LOOP).withMessage("the first slide's clip never played").until(d -> Boolean.TRUE.equals(js(
                "const v = arguments[0]; return !v.hidden && !v.paused && v.currentTime > 0.5 && v.readyState >= 2;",
                video)));
        assertEquals(base + CLIP, video.getAttribute("src"));
        assertEquals(Boolean.TRUE, js("const v = arguments[0]; return v.muted && v.playsInline;", video));
        browser.untilAsserted(WAIT, () -> {
            String caption = browser.driver.findElement(By.id("slide-caption")).getText();
            String story = (String) js("return JSON.parse(localStorage.getItem('ssk.kiosk.hello.S1'))"
                    + ".cards.find(c => c.sku === arguments[0]).story_zh;", VIDEO_SKU);
            assertTrue(!caption.isBlank() && story.contains(caption), "caption '" + caption + "' is a sentence of the story");
        });
        assertReadableOnBothScreens("kiosk-idle-video");
        assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void theClipIsKeptWholeForOfflineAndPlaysFromTheCopyWhenTheHubLosesIt() throws Exception {
        browser.waitUpTo(WAIT).until(d -> Boolean.TRUE.equals(js("return !!navigator.serviceWorker.controller;")));
        browser.waitUpTo(WAIT).withMessage("the service worker did not store the clip").until(d -> Long.valueOf(
                clip.length).equals(browser.driver.executeAsyncScript("const done = arguments[1];"
                + "caches.open('ssk-kiosk-v1').then(c => c.match(arguments[0])).then(r => r ? r.arrayBuffer() : null)"
                + ".then(b => done(b ? b.byteLength : -1));", CLIP)));
        // The hub no longer has the file: what plays now can only come from the kiosk's own copy.
        Path file = dir.resolve("hub/media/" + VIDEO_SKU + ".webm");
        Files.delete(file);
        try {
            browser.driver.navigate().refresh();
            browser.waitUpTo(LOOP).withMessage("the clip did not play from the stored copy").until(d ->
                    Boolean.TRUE.equals(js("const v = document.getElementById('slide-video');"
                            + "return !v.hidden && !v.paused && v.currentTime > 0.5 && v.readyState >= 2;")));
            assertNoConsoleErrors();
        } finally {
            Files.write(file, clip);
        }
    }

    @Test
    @Order(3)
    void chineseIsDrawnInNotoCjkAndNeverAsTofu() {
        settled();
        assertEquals(Boolean.TRUE, js("return document.fonts.check('400 40px \"SSK Sans\"', '东源客家大米')"
                + " && document.fonts.check('700 40px \"SSK Serif\"', '东源客家大米');"));
        assertEquals(List.of(), checks.tofu());
        Map<String, Integer> used = platformFonts("#slide-name");
        assertTrue(used.keySet().stream().allMatch(f -> f.startsWith("Noto Serif CJK SC")), "title drawn in " + used);
        used = platformFonts("#slide-story");
        assertTrue(used.keySet().stream().allMatch(f -> f.startsWith("Noto Sans CJK SC")), "story drawn in " + used);
    }

    @Test
    @Order(4)
    void theFacesTheHubServesLoadInChromiumAndDrawChinese() {
        // Each face is a CJK font of 10-20 MB that Chromium checks before use: slow on a busy machine.
        browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(150));
        for (String face : List.of("NotoSansSC-Regular", "NotoSansSC-Bold", "NotoSerifSC-Regular", "NotoSerifSC-Bold")) {
            // A family name of its own, so the browser cannot answer from the system's copy.
            Object result = browser.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const f = new FontFace('Hub ' + arguments[0], 'url(/assets/fonts/' + arguments[0] + '.otf)');
                    f.load().then(() => {
                      document.fonts.add(f);
                      const g = document.createElement('canvas').getContext('2d');
                      g.font = '48px "Hub ' + arguments[0] + '", monospace';
                      const han = g.measureText('扶贫').width;
                      g.font = '48px monospace';
                      done({status: f.status, han, fallback: g.measureText('扶贫').width});
                    }, e => done({status: 'error ' + e}));
                    """, face);
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) result;
            assertEquals("loaded", r.get("status"), face + ": " + r);
            assertEquals(96.0, ((Number) r.get("han")).doubleValue(), 0.5, face + " draws two full-width glyphs: " + r);
        }
        assertNoConsoleErrors();
    }

    @Test
    @Order(5)
    void aCardAppearsWithoutALayoutJumpAndShowsItsOriginAsARegionGraphic() throws Exception {
        js("""
                window.kioskShifts = 0; window.kioskFirst = null;
                new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) kioskShifts += e.value; }))
                  .observe({type: 'layout-shift'});
                window.kioskRects = c => ['.name', '.price', '.origin', '.story', '.img', '.qr-img', '.trace']
                  .map(s => { const r = c.querySelector(s).getBoundingClientRect();
                              return s + ' ' + [r.left, r.top, r.width, r.height].map(Math.round).join(','); });
                new MutationObserver(() => { const c = document.querySelector('#cards .card');
                  if (c && !kioskFirst) kioskFirst = kioskRects(c); })
                  .observe(document.getElementById('cards'), {childList: true});
                """);
        shelf().lift("3", 1);
        browser.waitUpTo(WAIT).until(d -> cards().size() == 1);
        settled();
        @SuppressWarnings("unchecked")
        List<String> first = (List<String>) js("return kioskFirst;");
        assertEquals(first, js("return kioskRects(document.querySelector('#cards .card'));"),
                "the card's parts stay where they first appeared once images and fonts have loaded");
        assertEquals(0.0, ((Number) js("return kioskShifts;")).doubleValue(), 0.001, "layout shift score");

        WebElement card = cards().get(0);
        WebElement region = card.findElement(By.cssSelector("svg.region"));
        String labels = region.findElements(By.tagName("text")).stream().map(WebElement::getText).toList().toString();
        for (String place : List.of("广东省", "河源市", "东源县", "三洞村")) {
            assertTrue(labels.contains(place), place + " is labelled on the region graphic: " + labels);
        }
        assertEquals(1, region.findElements(By.cssSelector("circle.village")).size());
        assertEquals("三洞村", card.findElement(By.cssSelector(".path li.here")).getText());
        assertEquals(Boolean.TRUE, js("const s = arguments[0].getBoundingClientRect(), p = arguments[0]"
                + ".querySelector('.region-county').getBoundingClientRect(), v = arguments[0].querySelector('.village')"
                + ".getBoundingClientRect(); const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1"
                + " && a.top >= b.top - 1 && a.bottom <= b.bottom + 1; return inside(p, s) && inside(v, p);", region),
                "the village dot lies inside its county, the county inside the graphic");
        assertReadableOnBothScreens(null);
        shelf().putBack("3", 1);
        idle();
        assertNoConsoleErrors();
    }

    @Test
    @Order(6)
    void twoAndThreeCardsSideBySideFitBothScreens() throws Exception {
        shelf().lift("1", 1);
        shelf().lift("5", 1);
        browser.waitUpTo(WAIT).until(d -> cards().size() == 2);
        assertReadableOnBothScreens(null);
        shelf().lift("4", 1);
        browser.waitUpTo(WAIT).until(d -> cards().size() == 3);
        assertReadableOnBothScreens("kiosk-compare3");
        for (String lane : List.of("1", "4", "5")) {
            shelf().putBack(lane, 1);
        }
        idle();
        assertNoConsoleErrors();
    }

    /** The platform fonts Chromium drew an element's text with, and how many glyphs each (DevTools CSS domain). */
    @SuppressWarnings("unchecked")
    Map<String, Integer> platformFonts(String selector) {
        var cdp = browser.driver;
        cdp.executeCdpCommand("DOM.enable", Map.of());
        cdp.executeCdpCommand("CSS.enable", Map.of());
        Map<String, Object> doc = cdp.executeCdpCommand("DOM.getDocument", Map.of("depth", 0));
        Object root = ((Map<String, Object>) doc.get("root")).get("nodeId");
        Object node = cdp.executeCdpCommand("DOM.querySelector", Map.of("nodeId", root, "selector", selector))
                .get("nodeId");
        List<Map<String, Object>> fonts = (List<Map<String, Object>>) cdp.executeCdpCommand(
                "CSS.getPlatformFontsForNode", Map.of("nodeId", node)).get("fonts");
        Map<String, Integer> out = new java.util.TreeMap<>();
        fonts.forEach(f -> out.put((String) f.get("familyName"), ((Number) f.get("glyphCount")).intValue()));
        assertTrue(!out.isEmpty(), "no fonts reported for " + selector);
        return out;
    }
}
