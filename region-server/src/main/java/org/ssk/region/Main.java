package org.ssk.region;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ssk.region.http.RegionHttpVerticle;
import org.ssk.region.store.RegionStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The region server's command line: {@code serve} runs it; {@code add-center} registers a center
 * and prints its upload secret once; {@code create-admin} creates the console's first region-admin;
 * {@code rebuild-daily} counts the daily aggregates again in another zone (docs/region.md "Days").
 * Exit 0 on a clean stop, 1 on a runtime error (one line, such as a server configured for another
 * zone than the aggregates are counted in), 2 on bad usage or configuration.
 */
@Command(name = "region-server", mixinStandardHelpOptions = true,
        description = "Region: every center's ledger stored exactly once on PostgreSQL (Patroni).",
        subcommands = {Main.Serve.class, Main.AddCenter.class, org.ssk.region.console.CreateAdminCommand.class,
                Main.RebuildDaily.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("region-server: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    @Command(name = "serve", description = "Runs the region server (configuration: SSK_REGION_* environment).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--http-port", description = "overrides SSK_REGION_HTTP_PORT; 0 picks a free port")
        Integer httpPort;

        @Option(names = "--db-url", description = "overrides SSK_REGION_DB_URL")
        String dbUrl;

        @Override
        public Integer call() throws Exception {
            RegionConfig config = RegionConfig.fromEnv(System.getenv());
            if (httpPort != null) {
                config = config.withHttpPort(httpPort);
            }
            if (dbUrl != null) {
                config = config.withDatabaseUrl(dbUrl);
            }
            config.validate();
            RegionStore store = RegionStore.open(config.databaseUrl(), config.zone());
            Vertx vertx = Vertx.vertx();
            RegionHttpVerticle http = new RegionHttpVerticle(config, store, Clock.systemUTC());
            vertx.deployVerticle(http).await();
            System.out.println("region-server listening on " + (config.tls() ? "https" : "http") + "://"
                    + config.httpHost() + ":" + http.port());
            System.out.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                vertx.close().await();
                stopped.countDown();
            }));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "add-center", description = "Registers a center and prints its upload secret (shown once).")
    static final class AddCenter implements Callable<Integer> {
        @Parameters(index = "0", description = "the center id (" + org.ssk.protocol.region.CenterId.RULE + ")")
        String centerId;

        @Option(names = "--name", required = true, description = "the center's name")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!org.ssk.protocol.region.CenterId.valid(centerId)) {
                throw new IllegalArgumentException("center id: " + org.ssk.protocol.region.CenterId.RULE);
            }
            RegionConfig config = RegionConfig.fromEnv(System.getenv()).validate();
            String secret;
            try (RegionStore store = RegionStore.open(config.databaseUrl(), config.zone())) {
                secret = store.addCenter(centerId, name, System.currentTimeMillis());
            }
            System.out.println("center " + centerId + " registered; give the hub SSK_CENTER_ID=" + centerId
                    + " and SSK_REGION_SECRET=" + secret + " (not shown again)");
            return 0;
        }
    }

    @Command(name = "rebuild-daily", description = "Rebuilds the daily aggregates from the stored entries in the"
            + " region's zone, in one transaction, and records the zone (stop the region servers first).")
    static final class RebuildDaily implements Callable<Integer> {
        @Option(names = "--zone", description = "the zone to count days in (default: SSK_REGION_TIME_ZONE, else "
                + RegionConfig.DEFAULT_TIME_ZONE + ")")
        String zone;

        @Option(names = "--db-url", description = "overrides SSK_REGION_DB_URL")
        String dbUrl;

        @Override
        public Integer call() throws Exception {
            RegionConfig config = RegionConfig.fromEnv(System.getenv());
            if (zone != null) {
                config = config.withTimeZone(zone);
            }
            if (dbUrl != null) {
                config = config.withDatabaseUrl(dbUrl);
            }
            config.validate();
            var done = RegionStore.rebuildDaily(config.databaseUrl(), config.zone(), line -> {
                System.out.println(line);
                System.out.flush();
            });
            System.out.println("region_daily now counts days of " + done.zone() + " (" + done.entries() + " entries, "
                    + done.rows() + " rows); start the region servers with SSK_REGION_TIME_ZONE=" + done.zone());
            return 0;
        }
    }
}
