package org.ssk.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shelf and a hub installed by the real {@code deploy/shelf/install.sh} and
 * {@code deploy/hub/install.sh} into one temporary root ({@code --root}), with the broker's test
 * certificates made by the real {@code ssk-make-certs} for {@code localhost} and {@code 127.0.0.1}.
 * {@link #path} maps a documented absolute path ({@code /etc/ssk/agent.json}) into that root.
 */
record Installation(Path repo, Path root) {

    /** The repository checkout: the parent of the hub-server module the tests run in. */
    static Path checkout() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /**
     * Installs both ends into {@code root}; {@code jar} stands in for the two runnable jars,
     * {@code agentConfig} is the shelf's first agent.json (null: the installer's default,
     * {@code shelf-agent/agent.example.json}).
     */
    static Installation install(Processes procs, Path root, Path jar, Path agentConfig, String kioskUrl)
            throws IOException, InterruptedException {
        Path repo = checkout();
        Installation in = new Installation(repo, root);
        Path certs = in.path("/etc/mosquitto/ssk/certs");
        String javaHome = System.getProperty("java.home");
        ok(procs, List.of("sh", repo.resolve("deploy/hub/ssk-make-certs").toString(), certs.toString(),
                "localhost", "127.0.0.1"), repo);
        ok(procs, List.of("sh", repo.resolve("deploy/hub/install.sh").toString(), "--root", root.toString(),
                "--jar", jar.toString(), "--java-home", javaHome), repo);
        List<String> shelf = new ArrayList<>(List.of("sh", repo.resolve("deploy/shelf/install.sh").toString(),
                "--root", root.toString(), "--jar", jar.toString(), "--java-home", javaHome,
                "--broker-ca", certs.resolve("ca.crt").toString(), "--kiosk-url", kioskUrl));
        if (agentConfig != null) {
            shelf.addAll(List.of("--config", agentConfig.toString()));
        }
        ok(procs, shelf, repo);
        return in;
    }

    /** A documented absolute path inside the installation root. */
    Path path(String documented) {
        if (!documented.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + documented);
        }
        return root.resolve(documented.substring(1));
    }

    private static void ok(Processes procs, List<String> argv, Path dir) throws IOException, InterruptedException {
        Processes.Result r = procs.run(argv, Map.of(), dir, Duration.ofSeconds(60));
        assertEquals(0, r.exit(), String.join(" ", argv) + " failed:\n" + r.output());
    }

    /** True when {@code documented} exists in the root (a file, a folder or a symlink). */
    boolean has(String documented) {
        return Files.exists(path(documented), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
