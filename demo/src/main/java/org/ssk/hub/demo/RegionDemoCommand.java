package org.ssk.hub.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ssk.hub.ServeCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar demo.jar region}: the {@link RegionDemo} (a region on a PostgreSQL it starts
 * itself, and three demo centers uploading to it), on this computer only. Prints the URLs, then
 * every 30 s what the region holds of each center, and runs until stopped (Ctrl-C stops all of
 * it, PostgreSQL included).
 */
@Command(name = "region", mixinStandardHelpOptions = true,
        description = "Run a region and three demo centers uploading to it, with a PostgreSQL of its own.")
public final class RegionDemoCommand implements Callable<Integer> {
    @Option(names = "--region-port", paramLabel = "PORT", defaultValue = "8090",
            description = "Port of the region server; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int regionPort;

    @Option(names = "--center-ports-from", paramLabel = "PORT", defaultValue = "8081",
            description = "The centers listen on this port and the next two; 0 picks free ones (default: ${DEFAULT-VALUE}).")
    int centerPorts;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Keep the centers' data here (default: a temporary folder removed at the end).")
    Path data;

    @Option(names = "--visitors", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Simulated visitors in every center (default: on).")
    boolean visitors;

    @Override
    public Integer call() throws Exception {
        RegionDemo demo = RegionDemo.start(regionPort, centerPorts, data, visitors);
        System.out.println(demo.urls());
        System.out.flush();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .daemon().name("region-demo-uploads").unstarted(r));
        ticker.scheduleAtFixedRate(() -> System.out.println(demo.uploads()), 30, 30, TimeUnit.SECONDS);
        ServeCommand.awaitShutdown(() -> {
            ticker.shutdownNow();
            demo.close();
        });
        return 0;
    }
}
