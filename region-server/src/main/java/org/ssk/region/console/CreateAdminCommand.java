package org.ssk.region.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ssk.hub.auth.Passwords;
import org.ssk.region.RegionConfig;
import org.ssk.region.store.RegionStore;
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
        char[] password = readPassword();
        try {
            Passwords.check(password);
            RegionStore.open(config.databaseUrl(), config.zone()).accounts().createFirstAdmin(username, password);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("region-server: region-admin " + username + " created");
        return 0;
    }

    private char[] readPassword() throws java.io.IOException {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to type the password at; use --password-stdin");
        }
        char[] first = console.readPassword("Password for %s (at least %d characters): ", username,
                Passwords.MIN_PASSWORD);
        char[] again = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, again)) {
            throw new IllegalArgumentException("the two passwords differ");
        }
        return first;
    }
}
