package org.ssk.hub.demo;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.ssk.hub.Center;
import org.ssk.hub.HubConfig;
import org.ssk.hub.region.RegionLink;
import org.ssk.region.LocalPostgres;
import org.ssk.region.RegionConfig;
import org.ssk.region.http.RegionHttpVerticle;
import org.ssk.region.store.RegionStore;

/**
 * The region demo ({@code java -jar demo.jar region}): a PostgreSQL of its own ({@link LocalPostgres}:
 * Debian's {@code initdb}/{@code pg_ctl} in a temporary folder), one region server on it, and three
 * demo centers, each the center demo ({@link DemoCommand#start}: a hub with embedded broker,
 * SQLite ledger, sample catalog and simulated shelves) registered at the region and uploading to
 * it over loopback HTTP, all in this JVM. The same code paths as a real region and real hubs; only
 * TLS, haproxy and Patroni are left out. Everything lives under one data folder (a temporary one
 * unless given) and {@link #close()} stops the hubs, the region and PostgreSQL, then removes a
 * temporary folder. Not thread-safe; one instance per demo.
 */
public final class RegionDemo implements AutoCloseable {
    /** The demo centers: id, name. */
    static final List<List<String>> CENTERS = List.of(
            List.of("demo-dongyuan", "东源县消费帮扶中心（演示）"),
            List.of("demo-leye", "乐业县消费帮扶中心（演示）"),
            List.of("demo-lingyun", "凌云县消费帮扶中心（演示）"));

    /** One running demo center: its region id and the center demo. */
    public record RunningCenter(String id, String name, DemoCommand.Running demo) {
    }

    private final Path dir;
    private final boolean temporary;
    private LocalPostgres pg;
    private Vertx vertx;
    private RegionStore store;
    private String regionUrl;
    /** The region console's {@code region-admin} password, made at this start. */
    private String regionAdminPassword;
    private final List<RunningCenter> centers = new ArrayList<>();

    private RegionDemo(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    /**
     * Starts it all on 127.0.0.1: the region on {@code regionPort}, the centers on
     * {@code firstCenterPort}, +1, +2 (0: free ports everywhere). {@code dataDir} null: a
     * temporary folder, removed on close. On failure whatever started is stopped again.
     */
    public static RegionDemo start(int regionPort, int firstCenterPort, Path dataDir, boolean visitors)
            throws Exception {
        RegionDemo demo = dataDir == null ? new RegionDemo(Files.createTempDirectory("ssk-region-demo-"), true)
                : new RegionDemo(Files.createDirectories(dataDir), false);
        try {
            demo.startRegion(regionPort);
            for (int i = 0; i < CENTERS.size(); i++) {
                int port = firstCenterPort == 0 ? 0 : firstCenterPort + i;
                demo.startCenter(CENTERS.get(i).get(0), CENTERS.get(i).get(1), port, visitors);
            }
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    private void startRegion(int port) throws Exception {
        pg = LocalPostgres.start();
        String db = pg.newDatabase();
        store = RegionStore.open(db);
        vertx = Vertx.vertx();
        RegionHttpVerticle http = new RegionHttpVerticle(new RegionConfig("127.0.0.1", port, db, null, null), store,
                Clock.systemUTC());
        vertx.deployVerticle(http).await();
        regionUrl = "http://127.0.0.1:" + http.port();
        byte[] bytes = new byte[12];
        new java.security.SecureRandom().nextBytes(bytes);
        regionAdminPassword = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store.accounts().createFirstAdmin("region-admin", regionAdminPassword.toCharArray());
    }

    /** The region console's admin password (user {@code region-admin}), made at this start. */
    public String regionAdminPassword() {
        return regionAdminPassword;
    }

    private void startCenter(String id, String name, int port, boolean visitors) throws Exception {
        String secret = store.addCenter(id, name, System.currentTimeMillis());
        // The region's database is new at every start; a center kept from an earlier run (--data)
        // simply uploads its whole chain again, from entry 1.
        Path data = dir.resolve(id);
        HubConfig config = HubConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(port).withMqttPort(0)
                .withDataDir(data.toString())
                .withCenter(new Center(name, "Demo center " + id.substring("demo-".length()), null, null))
                .withRegion(new RegionLink(id, regionUrl, secret, 0, 0)).validate();
        centers.add(new RunningCenter(id, name, DemoCommand.start(config, visitors)));
    }

    public String regionUrl() {
        return regionUrl;
    }

    public RegionStore store() {
        return store;
    }

    public List<RunningCenter> centers() {
        return List.copyOf(centers);
    }

    public Path dir() {
        return dir;
    }

    /** The region's PostgreSQL (tests check it is gone after close). */
    public LocalPostgres postgres() {
        return pg;
    }

    /** What to open, as printed at start. */
    public String urls() {
        StringBuilder s = new StringBuilder();
        s.append("region demo: region server ").append(regionUrl).append("  (API; health ").append(regionUrl)
                .append("/health), PostgreSQL on 127.0.0.1:").append(pg.port()).append(" in ").append(pg.dir())
                .append('\n');
        s.append("  region console ").append(regionUrl).append("/region/  (sign in as region-admin, password ")
                .append(regionAdminPassword).append(")\n");
        s.append("  data in ").append(dir.toAbsolutePath()).append(temporary ? " (removed when the demo stops)" : "")
                .append('\n');
        for (RunningCenter c : centers) {
            s.append('\n').append("center ").append(c.id()).append("  ").append(c.name()).append('\n')
                    .append(DemoCommand.urls(c.demo()).replace("Stop with Ctrl-C.", "").stripTrailing()).append('\n');
        }
        s.append("\nEvery center uploads its chained ledger to the region; the line below is repeated every 30 s.\n");
        s.append(uploads()).append("\nStop with Ctrl-C.");
        return s.toString();
    }

    /** One line: entries each center's ledger holds at the region. */
    public String uploads() {
        StringBuilder s = new StringBuilder("region holds:");
        for (RunningCenter c : centers) {
            try {
                s.append("  ").append(c.id()).append(' ').append(String.format("%,d", store.totals(c.id()).count()));
            } catch (java.sql.SQLException e) {
                s.append("  ").append(c.id()).append(" ? (").append(e.getMessage()).append(')');
            }
        }
        return s.append(" entries").toString();
    }

    /** Stops the centers, the region and its PostgreSQL; removes a temporary data folder. */
    @Override
    public void close() {
        for (RunningCenter c : centers.reversed()) {
            try {
                c.demo().close();
            } catch (RuntimeException e) {
                System.err.println("region demo: stopping center " + c.id() + ": " + e.getMessage());
            }
        }
        centers.clear();
        if (vertx != null) {
            vertx.close().await();
        }
        if (store != null) {
            store.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (temporary) {
            LocalPostgres.deleteTree(dir);
        }
    }
}
