package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built {@code region-server.jar} (property {@code ssk.regionJar}) holds the region, the sign-in
 * parts it shares with the hub (module web-auth) and its pages, but nothing of the hub, the shelf
 * agent or Pi4J: the hub is only in the region's tests. Runs in the verify phase, after the jar is
 * made (see region-server/pom.xml), never with the unit tests.
 */
class RegionJarHoldsNoHubTest {
    @Test
    void theRegionJarHoldsTheRegionAndNoHubClass() throws Exception {
        Path jar = Path.of(System.getProperty("ssk.regionJar", "target/region-server.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is built before this test runs (mvn verify)");
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("org/ssk/region/Main.class"), "the region's entry class is in " + jar);
            assertTrue(names.contains("org/ssk/webauth/SignInRoutes.class"), "the shared sign-in is in " + jar);
            assertTrue(names.contains("META-INF/resources/assets/session.js"), "the shared sign-in page script");
            assertEquals(List.of(), names.stream()
                    .filter(n -> n.startsWith("org/ssk/hub/") || n.startsWith("org/ssk/agent/")
                            || n.startsWith("io/moquette/") || n.toLowerCase(java.util.Locale.ROOT).contains("pi4j"))
                    .limit(20).toList(), "classes of the hub, its broker, the agent or Pi4J in " + jar);
        }
    }
}
