package org.ssk.hub.auth;

import java.util.concurrent.Callable;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubOptions;
import org.ssk.hub.ledger.Database;
import org.ssk.webauth.AdminPassword;
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
        AdminPassword.create(username, passwordStdin,
                password -> Accounts.standard(Database.open(config.jdbcUrl())).createFirstAdmin(username, password));
        System.out.println("hub-server: admin " + username + " created");
        return 0;
    }
}
