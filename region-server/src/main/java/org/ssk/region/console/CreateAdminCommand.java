package org.ssk.region.console;

import java.util.concurrent.Callable;
import org.ssk.region.RegionConfig;
import org.ssk.region.store.RegionStore;
import org.ssk.webauth.AdminPassword;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code region-server create-admin --username NAME}: creates the first region-admin of the
 * console (refused when one exists). The password is typed twice at the terminal, or read from
 * the first line of standard input with {@code --password-stdin}; never an option value. The
 * database is {@code SSK_REGION_DB_URL} or {@code --db-url}.
 */
@Command(name = "create-admin", mixinStandardHelpOptions = true,
        description = "Create the first region-admin account of the region console (refused when one exists).")
public final class CreateAdminCommand implements Callable<Integer> {
    @Option(names = "--username", required = true, paramLabel = "NAME", description = "The admin's user name.")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--db-url", description = "overrides SSK_REGION_DB_URL")
    String dbUrl;

    @Override
    public Integer call() throws Exception {
        RegionConfig config = RegionConfig.fromEnv(System.getenv());
        if (dbUrl != null) {
            config = config.withDatabaseUrl(dbUrl);
        }
        config.validate();
        String url = config.databaseUrl();
        java.time.ZoneId zone = config.zone();
        AdminPassword.create(username, passwordStdin, password -> {
            try {
                RegionStore.open(url, zone).accounts().createFirstAdmin(username, password);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
        System.out.println("region-server: region-admin " + username + " created");
        return 0;
    }
}
