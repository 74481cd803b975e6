package org.ssk.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Product names, aid stories, user names and alert texts come from operators' spreadsheets and
 * forms, so the pages must never let the browser parse them as HTML: no script of the kiosk,
 * console, staff or virtual-shelf pages assigns {@code innerHTML}/{@code outerHTML}, calls
 * {@code insertAdjacentHTML} or {@code document.write}, or builds a handler from a string, except
 * with a constant string literal. Data goes in with {@code textContent} and attributes with
 * {@code setAttribute}/properties. (The console's browser test also shows a name with markup as
 * plain text.)
 */
class PagesNeverParseDataAsHtmlTest {
    private static final Pattern SINK = Pattern.compile(
            "(\\.innerHTML\\s*\\+?=|\\.outerHTML\\s*\\+?=|insertAdjacentHTML\\s*\\(|document\\.write\\s*\\(|"
                    + "new\\s+Function\\s*\\(|setTimeout\\s*\\(\\s*['\"`]|\\beval\\s*\\()\\s*([^;\\n]*)");
    private static final Pattern CONSTANT = Pattern.compile("'[^'+`$]*'|\"[^\"+`$]*\"");

    @Test
    void noPageScriptTurnsDataIntoMarkup() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        // The hub's pages, the sign-in script both consoles share, and the region console's pages.
        try (Stream<Path> all = Stream.of("kiosk", "web-auth", "region-server")
                .map(m -> Path.of("..", m, "src/main/resources/META-INF/resources"))
                .flatMap(PagesNeverParseDataAsHtmlTest::walk)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).toList()) {
                files++;
                String src = Files.readString(f);
                Matcher m = SINK.matcher(src);
                while (m.find()) {
                    String rhs = m.group(2).trim();
                    boolean assignment = m.group(1).contains("=");
                    if (!(assignment && CONSTANT.matcher(rhs).matches())) {
                        offences.add(f.getFileName() + ": " + m.group().trim());
                    }
                }
            }
        }
        assertTrue(files > 10, "the pages were found (" + files + ")");
        assertEquals(List.of(), offences);
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
