package org.ssk.hub.browser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The checks a person makes by looking at a page, run in the page itself ({@code page-checks.js}
 * next to this class): text that leaves its box or the screen, contrast below a WCAG ratio, tap
 * targets smaller than a finger, Chinese drawn as missing-glyph boxes. Each method returns the
 * problems in words, empty when the page passes. Not thread-safe (one driver).
 */
final class PageChecks {
    private static final String SCRIPT = read();
    private final JavascriptExecutor page;

    PageChecks(JavascriptExecutor page) {
        this.page = page;
    }

    private static String read() {
        try (InputStream in = PageChecks.class.getResourceAsStream("page-checks.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("page-checks.js is missing from the test resources", e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> run(String call) {
        return (List<String>) page.executeScript("if (!window.sskChecks) {" + SCRIPT + "} return window.sskChecks."
                + call + ";");
    }

    /**
     * Elements outside the viewport, text overflowing its box or cut by a clipping ancestor, page
     * scroll, and text (graphics' labels included) drawn smaller than {@code minTextPx} CSS pixels.
     */
    List<String> layout(int minTextPx) {
        return run("layout(" + minTextPx + ")");
    }

    /** Visible text whose contrast with what is behind it is below {@code min}:1. */
    List<String> contrast(double min) {
        return run("contrast(" + min + ")");
    }

    /** Buttons and links smaller than {@code min} CSS pixels either way. */
    List<String> tapTargets(int min) {
        return run("tapTargets(" + min + ")");
    }

    /** Chinese characters on screen drawn as tofu (the missing-glyph box) or not one em wide. */
    List<String> tofu() {
        return run("tofu()");
    }
}
