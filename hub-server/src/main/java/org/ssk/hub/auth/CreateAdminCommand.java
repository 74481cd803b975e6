package org.ssk.hub.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubOptions;
import org.ssk.hub.ledger.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hub-server create-admin --username NAME}: creates the first admin account. The password
 * is typed twice at the terminal, or read from the first line of standard input with
 * {@code --password-stdin} (for scripts); it is never an option value or a default.
 */
@Command(name = "create-admin", mixinStandardHelpOptions = true,
        description = "Create the first admin account (refused when an admin exists).")
public final class CreateAdminCommand implements Callable<Integer> {
    @Mixin
    HubOptions options;

    @Option(names = "--username", required = true, paramLabel = "NAME", description = "The admin's user name.")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
        HubConfig config = options.resolve(System.getenv(), null);
        char[] password = readPassword();
        try {
            Accounts.checkPassword(password);
            Accounts.standard(Database.open(config.jdbcUrl())).createFirstAdmin(username, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("hub-server: admin " + username + " created");
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
                Accounts.MIN_PASSWORD);
        char[] again = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, again)) {
            throw new IllegalArgumentException("the two passwords differ");
        }
        return first;
    }
}
