package org.ssk.hub;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The hub's command line: {@code serve} runs the hub (the demo is the {@code demo} module's jar).
 * Exit status 0 on a clean stop, 1 on a runtime error (one line, no stack trace), 2 on bad usage
 * or an invalid configuration.
 */
@Command(name = "hub-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Smart-shelf hub: MQTT broker and ingest, ledger, kiosk push, console and API.",
        subcommands = {ServeCommand.class, org.ssk.hub.ledger.BackupCommand.class,
                org.ssk.hub.auth.CreateAdminCommand.class, org.ssk.hub.auth.DeviceCommand.Shelf.class,
                org.ssk.hub.auth.DeviceCommand.Kiosk.class, org.ssk.hub.region.RestoreFromRegionCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call it to run subcommands in-process. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** As {@link #commandLine()}, its subcommands made by {@code factory} (tests give them an environment). */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new Main(), factory);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof HubConfig.InvalidConfigException) {
                cmd.getErr().println("hub-server: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("hub-server: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hub-server " + (v == null ? "dev" : v)};
        }
    }
}
