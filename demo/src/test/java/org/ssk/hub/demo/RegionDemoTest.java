package org.ssk.hub.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.region.store.RegionStore;

/**
 * The one-command region demo: a region on its own PostgreSQL and three demo centers start, each
 * center's ledger arrives at the region whole (count, highest sequence and head hash as the
 * center's own database has them), and closing leaves nothing running: no PostgreSQL, no open
 * port, no temporary folder.
 */
@Order(2)
class RegionDemoTest {
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRegionAndThreeCentersStartTheCentersUploadsArriveAndStoppingLeavesNothingRunning() throws Exception {
        RegionDemo demo = RegionDemo.start(0, 0, null, false);
        List<Integer> ports = new ArrayList<>();
        long pgPid;
        Path dir = demo.dir();
        try {
            assertEquals(3, demo.centers().size());
            pgPid = Long.parseLong(Files.readAllLines(demo.postgres().dir().resolve("data/postmaster.pid")).get(0)
                    .trim());
            ports.add(Integer.parseInt(demo.regionUrl().substring(demo.regionUrl().lastIndexOf(':') + 1)));
            for (RegionDemo.RunningCenter c : demo.centers()) {
                ports.add(c.demo().hub().httpPort());
                ports.add(c.demo().hub().mqttPort());
            }
            String printed = demo.urls();
            assertTrue(printed.contains(demo.regionUrl() + "/region/") && printed.contains(demo.regionAdminPassword()),
                    printed);
            for (RegionDemo.RunningCenter c : demo.centers()) {
                assertTrue(printed.contains("center " + c.id()), printed);
                assertTrue(printed.contains("http://127.0.0.1:" + c.demo().hub().httpPort() + "/console/"), printed);
                assertTrue(c.demo().shelves().awaitOpened(Duration.ofSeconds(120)), "opening restock of " + c.id());
            }
            for (RegionDemo.RunningCenter c : demo.centers()) {
                Path db = Path.of(c.demo().hub().config().dataDir()).resolve("hub.db");
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    RegionStore.Totals hub = chainOf(db);
                    assertTrue(hub.count() > 0, c.id() + " has ledger entries");
                    assertEquals(hub, demo.store().totals(c.id()), c.id() + " at the region");
                });
            }
            assertTrue(demo.uploads().contains("demo-leye"), demo.uploads());
        } finally {
            demo.close();
        }
        assertFalse(ProcessHandle.of(pgPid).map(ProcessHandle::isAlive).orElse(false), "PostgreSQL stopped");
        for (int port : ports) {
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port + " closed");
        }
        assertFalse(Files.exists(dir), "the temporary folder is removed");
        assertFalse(Files.exists(demo.postgres().dir()), "PostgreSQL's folder is removed");
    }

    /** The center's own chain as its SQLite file holds it: entries, highest sequence, head hash. */
    private static RegionStore.Totals chainOf(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(seq), (SELECT hash FROM ledger_chain"
                     + " ORDER BY seq DESC LIMIT 1) FROM ledger_chain")) {
            rs.next();
            return new RegionStore.Totals(rs.getLong(1), rs.getLong(2), rs.getString(3));
        }
    }
}
