package org.ssk.hub.demo;

import org.ssk.hub.auth.Accounts;
import org.ssk.hub.auth.Role;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubOptions;
import org.ssk.hub.ServeCommand;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.kiosk.ShelfLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar demo.jar}: the hub with its embedded broker and a SQLite ledger in
 * {@code ./demo-data}, the sample catalog, and one simulated shelf agent per shelf of the sample
 * planogram, all in one process. Prints the URLs to open and runs until stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the hub with the sample catalog and simulated shelves (open the printed URLs).")
public final class DemoCommand implements Callable<Integer> {
    /** Where the demo keeps its ledger and the agents' outboxes unless told otherwise. */
    public static final String DEFAULT_DATA_DIR = "demo-data";

    @Mixin
    HubOptions options;

    @Option(names = "--visitors", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Simulated visitors and staff lift, put back and restock items on their own;"
                    + " --no-visitors leaves the shelves to you (default: on).")
    boolean visitors;

    @Override
    public Integer call() throws Exception {
        HubConfig config = options.resolve(System.getenv(), DEFAULT_DATA_DIR);
        Running demo = start(config, visitors);
        printUrls(demo);
        ServeCommand.awaitShutdown(demo);
        return 0;
    }

    /**
     * A running demo: the hub, its simulated shelves, and the demo's sign-ins: accounts
     * {@code admin} and {@code staff} with passwords made at this start, and one kiosk token per
     * shelf display (labelled {@code kiosk SHELF}, so revoking one leaves the other screens running).
     * Closing stops the shelves, then the hub.
     */
    public record Running(Hub hub, DemoShelves shelves, String adminPassword, String staffPassword,
                          Map<String, String> kioskTokens) implements AutoCloseable {
        /** The kiosk token of one shelf's display. */
        public String kioskToken(String shelf) {
            return kioskTokens.get(shelf);
        }


        @Override
        public void close() {
            shelves.close();
            hub.close();
        }
    }

    /** Starts the hub with the sample catalog, then the agents (tests call this too). */
    public static Running start(HubConfig config, boolean visitors) throws Exception {
        AtomicReference<DemoShelves> shelves = new AtomicReference<>();
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        Map<String, Map<String, Integer>> stock = new HashMap<>();
        Map<String, String> secrets = new HashMap<>();
        String adminPassword;
        String staffPassword;
        Map<String, String> kioskTokens = new java.util.TreeMap<>();
        try {
            for (var s : stores.catalog().shelves()) {
                stock.put(s.id(), stores.ledger().stockByLane(s.id()));
                secrets.put(s.id(), stores.shelfCredentials().issue(s.id()));
                kioskTokens.put(s.id(), stores.accounts().issueKioskToken("kiosk " + s.id()));
            }
            adminPassword = demoAccount(stores.accounts(), "admin", Role.ADMIN);
            staffPassword = demoAccount(stores.accounts(), "staff", Role.STAFF);
        } catch (Exception e) {
            stores.close();
            throw e;
        }
        Hub hub = Hub.start(config, stores, List.of(new DemoRoutes(shelves::get)));
        try {
            List<ShelfLayout> layouts = hub.catalog().shelves();
            shelves.set(DemoShelves.start(layouts, hub.brokerUrl(), secrets, Path.of(config.dataDir()), visitors,
                    stock));
            return new Running(hub, shelves.get(), adminPassword, staffPassword, kioskTokens);
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
    }

    /**
     * A demo account with a fresh random password, made at every start (the demo's data folder is
     * the demo's; a real hub gets its first admin from {@code create-admin}).
     */
    private static String demoAccount(Accounts accounts, String name, Role role) throws Exception {
        byte[] bytes = new byte[9];
        new java.security.SecureRandom().nextBytes(bytes);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (accounts.users().stream().noneMatch(u -> u.username().equals(name))) {
            accounts.createUser(name, role, password.toCharArray());
        } else {
            accounts.updateUser(name, role, false, password.toCharArray());
        }
        return password;
    }

    static void printUrls(Running demo) {
        String base = "http://localhost:" + demo.hub().httpPort();
        StringBuilder s = new StringBuilder();
        s.append("hub-server demo: MQTT ").append(demo.hub().brokerUrl()).append(" (embedded), data in ")
                .append(Path.of(demo.hub().config().dataDir()).toAbsolutePath()).append('\n');
        demo.kioskTokens().values().stream().findFirst().ifPresent(t -> s.append("  kiosks        ").append(base)
                .append("/kiosk/?token=").append(t).append('\n'));
        for (DemoShelves.Running r : demo.shelves().all()) {
            String id = r.layout().shelf();
            String token = "?token=" + demo.kioskToken(id);
            s.append("  shelf ").append(id).append("  kiosk ").append(base).append("/kiosk/").append(id).append(token)
                    .append("\n           virtual shelf ").append(base).append("/virtual/").append(id).append('\n');
        }
        s.append("  console       ").append(base).append("/console/   sign in as admin / ")
                .append(demo.adminPassword()).append('\n');
        s.append("  staff         ").append(base).append("/staff/     sign in as staff / ")
                .append(demo.staffPassword()).append('\n');
        s.append("  (demo passwords are new at every start)\n");
        s.append("  health        ").append(base).append("/health   metrics ").append(base).append("/metrics\n");
        s.append("Stop with Ctrl-C.");
        System.out.println(s);
        System.out.flush();
    }
}
