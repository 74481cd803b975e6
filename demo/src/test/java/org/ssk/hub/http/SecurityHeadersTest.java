package org.ssk.hub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.FakeStorage;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;
import org.ssk.hub.demo.DemoRoutes;
import org.ssk.webauth.SecurityHeaders;

/**
 * The browser-side defences on every kind of answer (pages, assets, API, errors, health), and the
 * pages' sources free of what the policy forbids (inline script, event-handler attributes, inline
 * styles), so a page cannot quietly depend on a weaker policy. The browser's own verdict is
 * {@code PageSecurityBrowserTest}.
 */
class SecurityHeadersTest {
    static final Path PAGES = Path.of("..", "kiosk", "src", "main", "resources", "META-INF", "resources");
    /** The consoles' shared scripts and stylesheets (module web-auth), served beside the pages. */
    static final Path SHARED = Path.of("..", "web-auth", "src", "main", "resources", "META-INF", "resources");

    @TempDir
    static Path dir;
    static Hub hub;

    @BeforeAll
    static void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        hub = Hub.start(config, new FakeStorage(), List.of(new DemoRoutes(() -> null)));
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void everyAnswerCarriesThePolicyFrameNosniffAndReferrerHeaders() throws Exception {
        for (String path : List.of("/kiosk/", "/kiosk/S1", "/kiosk/kiosk.js", "/virtual/S1", "/console/", "/staff/",
                "/assets/base.css", "/api/v1/products", "/api/v1/no-such-thing", "/api/v1/shelves", "/health", "/")) {
            HttpResponse<String> r = TestHttp.anonymousGet(hub.httpPort(), path);
            var h = r.headers();
            String csp = h.firstValue("content-security-policy").orElse("");
            assertEquals(SecurityHeaders.CSP, csp, path);
            assertTrue(csp.contains("script-src 'self';") && csp.contains("frame-ancestors 'self'")
                    && !csp.contains("unsafe"), path + ": " + csp);
            assertEquals("SAMEORIGIN", h.firstValue("x-frame-options").orElse(""), path);
            assertEquals("nosniff", h.firstValue("x-content-type-options").orElse(""), path);
            assertEquals("no-referrer", h.firstValue("referrer-policy").orElse(""), path);
            assertTrue(h.firstValue("strict-transport-security").isEmpty(), "no HSTS over plain HTTP: " + path);
        }
    }

    @Test
    void noPageHasInlineScriptEventHandlersOrInlineStyles() throws IOException {
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern handler = Pattern.compile("<[^>]+\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Pattern style = Pattern.compile("<style|<[^>]+\\sstyle\\s*=|javascript:", Pattern.CASE_INSENSITIVE);
        List<String> found = new ArrayList<>();
        List<Path> pages;
        try (Stream<Path> files = Files.walk(PAGES)) {
            pages = files.filter(p -> p.toString().endsWith(".html")).toList();
        }
        for (Path page : pages) {
            String html = Files.readString(page);
            for (Pattern p : List.of(inlineScript, handler, style)) {
                var m = p.matcher(html);
                while (m.find()) {
                    found.add(PAGES.relativize(page) + ": " + m.group());
                }
            }
        }
        assertTrue(pages.size() >= 5, "pages found: " + pages);
        assertEquals(List.of(), found);
    }

    /**
     * The browser's own prompt, confirm and alert boxes are never used: they cannot be styled or
     * translated, block the page and a kiosk policy may suppress them; the pages ask in-page
     * (assets/confirm.js, assets/password.js, from web-auth).
     */
    @Test
    void noScriptUsesTheBrowsersPromptConfirmOrAlertBox() throws IOException {
        Pattern box = Pattern.compile("(?<![\\w.$])(?:window\\.)?(prompt|confirm|alert)\\s*\\(");
        List<String> found = new ArrayList<>();
        List<Path> scripts;
        try (Stream<Path> files = Stream.concat(Files.walk(PAGES), Files.walk(SHARED))) {
            scripts = files.filter(p -> p.toString().endsWith(".js")).toList();
        }
        for (Path script : scripts) {
            List<String> lines = Files.readAllLines(script);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceFirst("^\\s*//.*", "");
                var m = box.matcher(code);
                if (m.find()) {
                    found.add(PAGES.relativize(script) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(scripts.size() >= 10, "scripts found: " + scripts);
        assertEquals(List.of(), found);
    }
}
