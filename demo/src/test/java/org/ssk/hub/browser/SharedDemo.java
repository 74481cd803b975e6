package org.ssk.hub.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.ssk.hub.HubConfig;
import org.ssk.hub.demo.DemoCommand;

/**
 * One demo for the browser test classes that only look at it and leave it as they found it
 * ({@link FirstRunBrowserTest}, {@link PageSecurityBrowserTest}): a test method or lifecycle method
 * of a class extended with this gets it as a {@link DemoCommand.Running} parameter. It is started on
 * first use, as a new user meets it (a fresh data folder, a first start, no simulated visitors,
 * listening on 127.0.0.1), and closed, its folder deleted, when the whole test run ends (JUnit's root
 * store closes it). Classes that change what another would meet (a revoked kiosk token, a restarted
 * hub, a clip seeded into the catalog, planogram edits, booked stock-takes) start their own.
 */
final class SharedDemo implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedDemo.class);

    /** The running demo and its folder; closing stops the demo and deletes the folder. */
    private record Resource(DemoCommand.Running demo, Path dir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                demo.close();
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DemoCommand.Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Resource.class, k -> start(), Resource.class)
                .demo();
    }

    private static Resource start() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ssk-shared-demo");
            return new Resource(DemoCommand.start(HubConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                    .withMqttPort(0).withDataDir(dir.toString()), false), dir);
        } catch (Exception e) {
            throw new IllegalStateException("the shared demo did not start (data in " + dir + ")", e);
        }
    }
}
