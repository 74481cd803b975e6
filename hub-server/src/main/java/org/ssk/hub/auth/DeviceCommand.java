package org.ssk.hub.auth;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubOptions;
import org.ssk.hub.ledger.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Credentials for devices, from the hub's command line (a technician commissioning a shelf need
 * not open the console): {@code hub-server shelf-credentials S1} prints a new MQTT user name and
 * secret for shelf S1 (replacing the old one, which stops working at the shelf's next connection),
 * {@code --revoke} removes them; {@code hub-server kiosk-token --label "S1 display" --shelf S1}
 * prints a new read-only kiosk token for shelf S1's display (it serves no other shelf). Secrets are printed once and stored only as hashes. Works while the hub
 * runs: a running hub sees a secret issued or revoked from here within ten seconds (from the
 * console: at once); a shelf already connected stays connected until it reconnects.
 */
public final class DeviceCommand {
    private DeviceCommand() {
    }

    @Command(name = "shelf-credentials", mixinStandardHelpOptions = true,
            description = "Print new MQTT credentials for a shelf (or --revoke them).")
    public static final class Shelf implements Callable<Integer> {
        @Mixin
        HubOptions options;

        @Parameters(paramLabel = "SHELF", description = "The shelf id, as in the planogram (e.g. S1).")
        String shelf;

        @Option(names = "--revoke", description = "Remove the shelf's credentials instead.")
        boolean revoke;

        @Override
        public Integer call() throws Exception {
            HubConfig config = options.resolve(System.getenv(), null);
            ShelfCredentials store = new ShelfCredentials(Database.open(config.jdbcUrl()), Clock.systemUTC());
            if (revoke) {
                System.out.println(store.revoke(shelf) ? "hub-server: credentials of shelf " + shelf + " revoked"
                        : "hub-server: shelf " + shelf + " had no credentials");
                return 0;
            }
            String secret = store.issue(shelf);
            System.out.println("MQTT credentials of shelf " + shelf + " (shown once; put them in the shelf's"
                    + " agent.json \"broker\" section or its SSK_BROKER_USERNAME / SSK_BROKER_PASSWORD):");
            System.out.println("  username: " + shelf);
            System.out.println("  password: " + secret);
            return 0;
        }
    }

    @Command(name = "kiosk-token", mixinStandardHelpOptions = true,
            description = "Print a new read-only token for a kiosk display.")
    public static final class Kiosk implements Callable<Integer> {
        @Mixin
        HubOptions options;

        @Option(names = "--label", required = true, paramLabel = "TEXT", description = "Which display, e.g. \"S1 display\".")
        String label;

        @Option(names = "--shelf", required = true, paramLabel = "SHELF",
                description = "The shelf whose display uses it (e.g. S1); it serves no other shelf.")
        String shelf;

        @Override
        public Integer call() throws Exception {
            HubConfig config = options.resolve(System.getenv(), null);
            String token = Accounts.standard(Database.open(config.jdbcUrl())).issueKioskToken(label, shelf);
            System.out.println("kiosk token for " + label + ", shelf " + shelf + " only (shown once): " + token);
            System.out.println("open the display at http://HUB:PORT/kiosk/" + shelf + "?token=" + token);
            return 0;
        }
    }
}
