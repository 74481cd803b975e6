package org.ssk.hub.demo;

import org.ssk.hub.HubConfig;
import picocli.CommandLine;

/**
 * {@code java -jar demo.jar}: the {@link DemoCommand} with the options of {@code hub-server serve}
 * plus {@code --no-visitors}. Exit status 0 on a clean stop, 1 on a runtime error (one line, no
 * stack trace), 2 on bad usage or an invalid configuration.
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call it to run the demo's parsing in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DemoCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("demo: " + e.getMessage());
            return e instanceof HubConfig.InvalidConfigException ? 2 : 1;
        });
        return cl;
    }
}
