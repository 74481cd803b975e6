package org.ssk.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a hub over the bench's SQLite ledger ({@code DATA_DIR/ledger.db}) until the process is
 * stopped: the child JVM the hub-kill fault test SIGKILLs (written before {@code hub-server serve}
 * had a ledger store to run on). Prints {@code ready http=PORT mqtt=PORT} once up.
 */
@Command(name = "serve-hub", mixinStandardHelpOptions = true,
        description = "A hub over the bench SQLite ledger, until killed (fault tests).")
final class ServeHubCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--data-dir", required = true)
    Path dataDir;

    @Option(names = "--shelves", defaultValue = "10")
    int shelves;

    @Option(names = "--broker-url", description = "External broker (tcp://host:port); default: embedded on a free port.")
    String brokerUrl;

    @Override
    public Integer call() throws Exception {
        HubConfig c = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dataDir.resolve("hub").toString());
        if (brokerUrl != null) {
            c = c.withBrokerUrl(brokerUrl);
        }
        Hub hub = Hub.start(c, new BenchStorage(shelves, BenchStorage.Ledger.SQLITE, dataDir), List.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }));
        System.out.println("ready http=" + hub.httpPort() + " mqtt=" + hub.mqttPort());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
