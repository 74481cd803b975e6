package org.ssk.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade and rollback steps of {@code hardware-docs/maintenance.md}, run with the real
 * {@code deploy/common/ssk-release} in a temporary root: every install is kept as a release, the
 * jar the unit runs follows the newest, and a rollback points it back at the one before.
 */
@Timeout(180)
class ReleasesRollBackTest {
    @TempDir
    Path root;
    Processes procs;

    @BeforeEach
    void logs() throws Exception {
        procs = new Processes(root.resolve("logs"));
    }

    @AfterEach
    void stop() {
        procs.close();
    }

    @Test
    void anUpgradeRunsTheNewJarAndARollbackTheOneBefore() throws Exception {
        Path v1 = Files.writeString(root.resolve("v1.jar"), "release one");
        Path v2 = Files.writeString(root.resolve("v2.jar"), "release two");
        Path running = root.resolve("opt/ssk/hub-server.jar");

        assertEquals(0, release("install", "hub-server", v1.toString()).exit());
        assertEquals("release one", Files.readString(running));
        assertEquals(0, release("install", "hub-server", v2.toString()).exit());
        assertEquals("release two", Files.readString(running));

        Processes.Result list = release("list", "hub-server");
        List<String> lines = list.output().lines().toList();
        assertEquals(2, lines.size(), list.output());
        assertTrue(lines.get(0).startsWith("* "), "the newest runs: " + list.output());

        Processes.Result back = release("rollback", "hub-server");
        assertEquals(0, back.exit(), back.output());
        assertEquals("release one", Files.readString(running));
        assertTrue(release("list", "hub-server").output().lines().toList().get(1).startsWith("* "));
    }

    @Test
    void thereIsNothingToRollBackToBeforeTheFirstRelease() throws Exception {
        assertEquals(0, release("install", "shelf-agent", Files.writeString(root.resolve("a.jar"), "a").toString()).exit());
        Processes.Result r = release("rollback", "shelf-agent");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("no release of shelf-agent older than"), r.output());
        assertEquals("a", Files.readString(root.resolve("opt/ssk/shelf-agent.jar")));
    }

    @Test
    void anUnknownProgramNameIsRefusedWithTheNamesItTakes() throws Exception {
        Processes.Result r = release("install", "kiosk", root.toString());
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("shelf-agent or hub-server"), r.output());
    }

    private Processes.Result release(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("sh",
                Installation.checkout().resolve("deploy/common/ssk-release").toString()));
        argv.addAll(List.of(args));
        return procs.run(argv, Map.of("SSK_ROOT", root.toString()), root, Duration.ofSeconds(30));
    }
}
