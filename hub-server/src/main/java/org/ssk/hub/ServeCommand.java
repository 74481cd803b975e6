package org.ssk.hub;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ssk.hub.ledger.JdbcStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hub-server serve}: runs the hub until the process is stopped (Ctrl-C, SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the hub.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    HubOptions options;

    @Override
    public Integer call() throws Exception {
        HubConfig config = options.resolve(System.getenv(), null);
        Hub hub = Hub.start(config, JdbcStorage.open(config), List.of());
        printPorts(hub);
        awaitShutdown(hub);
        return 0;
    }

    public static void printPorts(Hub hub) {
        System.out.println("hub-server: HTTP http://localhost:" + hub.httpPort() + "/  MQTT " + hub.brokerUrl()
                + (hub.config().embeddedBroker() ? " (embedded)" : " (external)"));
        System.out.flush();
    }

    /** Blocks until the JVM is asked to stop, then closes the hub from the shutdown hook. */
    public static void awaitShutdown(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("hub-server: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "ssk-hub-shutdown"));
        stopped.await();
    }
}
