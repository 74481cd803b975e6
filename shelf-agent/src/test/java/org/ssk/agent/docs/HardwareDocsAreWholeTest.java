package org.ssk.agent.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * A technician has only {@code hardware-docs/} (copied to {@code /opt/ssk/docs} on every machine):
 * every link between its pages must lead somewhere, every {@code #anchor} to a heading that
 * exists, every image must be there, and every diagram must be well-formed SVG a browser shows.
 */
class HardwareDocsAreWholeTest {
    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("hardware-docs");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyLinkBetweenPagesAndEveryAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page.getFileName() + " -> " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page.getFileName() + " -> " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyDiagramIsWellFormedSvgWithATitle() throws Exception {
        List<Path> svgs;
        try (Stream<Path> s = Files.list(DOCS.resolve("img"))) {
            svgs = s.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
        }
        assertTrue(svgs.size() >= 4, "diagrams: " + svgs);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        for (Path svg : svgs) {
            Document d = f.newDocumentBuilder().parse(svg.toFile());
            assertEquals("svg", d.getDocumentElement().getLocalName(), svg.toString());
            assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI(), svg.toString());
            assertTrue(d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").getLength() > 0,
                    svg + " has a <title> (what screen readers and tooltips show)");
        }
    }

    @Test
    void everyDiagramIsShownOnSomePage() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path page : pages()) {
            all.append(Files.readString(page));
        }
        try (Stream<Path> s = Files.list(DOCS.resolve("img"))) {
            for (Path svg : s.filter(p -> p.toString().endsWith(".svg")).toList()) {
                assertTrue(all.indexOf("(img/" + svg.getFileName() + ")") >= 0, svg.getFileName() + " is on no page");
            }
        }
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> s = Files.list(DOCS)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (!fenced && line.matches("^#{1,6} .*")) {
                String text = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT);
                out.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }
}
