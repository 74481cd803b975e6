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
 * planogram, all in one process. Prints the URLs to open and runs until stopped. Its subcommand
 * {@code region} runs a region and three such centers ({@link RegionDemoCommand}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the hub with the sample catalog and simulated shelves (open the printed URLs).",
        subcommands = RegionDemoCommand.class)
public final class DemoCommand implements Callable<Integer> {
    /** Where the demo keeps its ledger and the agents' outboxes unless told otherwise. */
    public static final String DEFAULT_DATA_DIR = "demo-data";

    @Mixin
    HubOptions options;

    @Option(names = "--visitors", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Simulated visitors and staff lift, put back and restock items on their own;"
                    + " --no-visitors leaves the shelves to you (default: on).")
    boolean visitors;

    @Option(names = "--listen", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on for HTTP and MQTT: only this computer by default;"
                    + " --listen 0.0.0.0 lets other machines (a kiosk screen, a phone) connect (default: ${DEFAULT-VALUE}).")
    String listen;

    @Override
    public Integer call() throws Exception {
        HubConfig config = options.resolve(System.getenv(), DEFAULT_DATA_DIR).withHttpHost(listen).validate();
        Running demo = start(config, visitors);
        System.out.println(urls(demo));
        System.out.flush();
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
                          Map<String, String> kioskTokens, DemoTill till) implements AutoCloseable {
        /** The kiosk token of one shelf's display. */
        public String kioskToken(String shelf) {
            return kioskTokens.get(shelf);
        }

        @Override
        public void close() {
            till.close();
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
        String tillPassword;
        try {
            for (var s : stores.catalog().shelves()) {
                stock.put(s.id(), stores.ledger().stockByLane(s.id()));
                secrets.put(s.id(), stores.shelfCredentials().issue(s.id()));
                kioskTokens.put(s.id(), stores.accounts().issueKioskToken("kiosk " + s.id(), s.id()));
            }
            DemoMedia.writeProducerPictures(Path.of(config.dataDir()).resolve("media"), stores.catalog().products());
            demoVideo(stores, Path.of(config.dataDir()).resolve("media"));
            adminPassword = demoAccount(stores.accounts(), "admin", Role.ADMIN);
            staffPassword = demoAccount(stores.accounts(), "staff", Role.STAFF);
            tillPassword = demoAccount(stores.accounts(), "till", Role.STAFF);
        } catch (Exception e) {
            stores.close();
            throw e;
        }
        Hub hub = Hub.start(config, stores, List.of(new DemoRoutes(shelves::get)));
        try {
            List<ShelfLayout> layouts = hub.catalog().shelves();
            shelves.set(DemoShelves.start(layouts, hub.brokerUrl(), secrets, Path.of(config.dataDir()), visitors,
                    stock));
            String till = tillPassword;
            DemoTill pos = new DemoTill(hub.vertx(), "http://" + tillHost(config.httpHost()) + ":" + hub.httpPort(),
                    () -> stores.accounts().login("till", till.toCharArray()).orElseThrow().token(), 1,
                    DemoTill.SALE_SHARE).start();
            return new Running(hub, shelves.get(), adminPassword, staffPassword, kioskTokens, pos);
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
    }

    /**
     * Gives the first product of the first shelf a short clip made by {@link DemoVideo} (only with
     * ffmpeg on the PATH), unless it has one.
     */
    private static void demoVideo(JdbcStorage stores, Path media) throws Exception {
        var shelves = stores.catalog().shelves();
        String sku = shelves.isEmpty() ? null : shelves.getFirst().lanes().stream().map(l -> l.sku())
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        var product = sku == null ? java.util.Optional.<org.ssk.hub.catalog.Product>empty()
                : stores.catalog().product(sku);
        if (product.isEmpty() || product.get().videoUrl() != null
                || !DemoVideo.make(media.resolve("demo").resolve(sku + ".webm"), product.get().nameZh())) {
            return;
        }
        var p = product.get();
        stores.catalog().saveProducts(List.of(new org.ssk.hub.catalog.Product(p.sku(), p.nameZh(), p.nameEn(),
                p.priceYuan(), p.unit(), p.spec(), p.introZh(), p.introEn(), p.storyZh(), p.storyEn(), p.origin(),
                p.producer(), p.season(), p.outputScale(), p.annualOutput(), p.marketPrice(), p.certification(),
                p.trace(), p.color(), p.imageUrl(), DemoMedia.PREFIX + sku + ".webm")), System.currentTimeMillis());
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

    /**
     * The links to open, each with what it needs: kiosks and virtual shelves carry the kiosk token
     * (a fresh browser has none), and the host is the one the demo listens on (for 0.0.0.0, this
     * machine's address on the network).
     */
    public static String urls(Running demo) {
        String base = "http://" + reachable(demo.hub().config().httpHost()) + ":" + demo.hub().httpPort();
        StringBuilder s = new StringBuilder();
        s.append("demo: MQTT ").append(demo.hub().brokerUrl()).append(" (embedded), data in ")
                .append(Path.of(demo.hub().config().dataDir()).toAbsolutePath()).append('\n');
        // No shelf-list link: a kiosk token serves its own shelf only, so each display gets its own.
        for (DemoShelves.Running r : demo.shelves().all()) {
            String id = r.layout().shelf();
            String token = "?token=" + demo.kioskToken(id);
            s.append("  shelf ").append(id).append("  kiosk ").append(base).append("/kiosk/").append(id).append(token)
                    .append("\n           virtual shelf ").append(base).append("/virtual/").append(id).append(token)
                    .append('\n');
        }
        s.append("  console       ").append(base).append("/console/   sign in as admin / ")
                .append(demo.adminPassword()).append('\n');
        s.append("  staff         ").append(base).append("/staff/     sign in as staff / ")
                .append(demo.staffPassword()).append('\n');
        s.append("  (demo passwords are new at every start; about two picks in three are rung up at the till)\n");
        s.append("  health        ").append(base).append("/health   metrics ").append(base).append("/metrics\n");
        if (isLoopback(demo.hub().config().httpHost())) {
            s.append("  (only this computer can connect; --listen 0.0.0.0 opens the demo to the network)\n");
        }
        s.append("Stop with Ctrl-C.");
        return s.toString();
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Where the till, on this machine, reaches the hub listening on {@code listen}. */
    private static String tillHost(String listen) {
        try {
            return java.net.InetAddress.getByName(listen).isAnyLocalAddress() ? "127.0.0.1" : reachable(listen);
        } catch (java.net.UnknownHostException e) {
            return listen;
        }
    }

    /** A host name others can use for {@code listen}: the address itself, or for a wildcard this machine's. */
    static String reachable(String listen) {
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(listen);
            if (!a.isAnyLocalAddress()) {
                return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
            }
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (var addr : java.util.Collections.list(nic.getInetAddresses())) {
                    if (addr instanceof java.net.Inet4Address) {
                        return addr.getHostAddress();
                    }
                }
            }
        } catch (java.io.IOException e) {
            // fall through: the loopback address always works on this machine
        }
        return "127.0.0.1";
    }
}
