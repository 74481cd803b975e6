package org.ssk.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built {@code hub-server.jar} (property {@code ssk.hubJar}) holds the hub and nothing of the
 * shelf agent or Pi4J: the demo, which runs agents beside the hub, is its own module. Runs in the
 * verify phase, after the jar is made (see hub-server/pom.xml), never with the unit tests.
 */
class HubJarHoldsNoAgentTest {
    @Test
    void theHubJarHoldsTheHubAndNoAgentOrPi4jClass() throws Exception {
        Path jar = Path.of(System.getProperty("ssk.hubJar", "target/hub-server.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is built before this test runs (mvn verify)");
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(e -> e.getName()).toList();
            assertTrue(names.contains("org/ssk/hub/Main.class"), "the hub's entry class is in " + jar);
            assertEquals(List.of(), names.stream()
                    .filter(n -> n.startsWith("org/ssk/agent/") || n.startsWith("org/ssk/hub/demo/")
                            || n.toLowerCase(java.util.Locale.ROOT).contains("pi4j"))
                    .limit(20).toList(), "classes of the agent, Pi4J or the demo in " + jar);
        }
    }
}
