package org.ssk.hub.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the installed units' commands on this machine without systemd: reads a unit's
 * {@code ExecStart=}, {@code Environment=}, {@code EnvironmentFile=} and {@code WorkingDirectory=}
 * from the installation root and adapts what cannot be the same here, and only that:
 * <ul>
 *   <li>documented absolute paths ({@code /etc/ssk/…}, {@code /opt/ssk/…}, {@code /var/lib/ssk-…},
 *       {@code /etc/mosquitto/ssk/…}, {@code /var/backups/ssk-hub}) move into the root;</li>
 *   <li>the documented ports (8883 TLS, 1883 loopback, 8080 HTTP) become free ports, and the
 *       documented host names ({@code hub.local}) {@code localhost}, which the test certificate names;</li>
 *   <li>{@code -jar /opt/ssk/NAME.jar} becomes {@code -cp <this test's class path> <its main class>},
 *       since the runnable jars are packaged after the tests run.</li>
 * </ul>
 * Immutable.
 */
record Deployment(Installation installed, int tlsPort, int loopbackPort, int httpPort) {

    private static final Map<String, String> MAIN_CLASS = Map.of(
            "/opt/ssk/hub-server.jar", "org.ssk.hub.Main",
            "/opt/ssk/shelf-agent.jar", "org.ssk.agent.Main");
    private static final List<String> ROOTED = List.of("/etc/ssk", "/opt/ssk", "/var/lib/ssk-",
            "/etc/mosquitto/ssk", "/var/backups/ssk-hub");

    /** A unit's command, ready for {@link Processes}. */
    record Command(List<String> argv, Map<String, String> env, Path workDir) {
    }

    /** Documented paths, ports and host names in {@code text} made to fit this machine. */
    String adapt(String text) {
        String s = text;
        for (String prefix : ROOTED) {
            s = s.replaceAll("(?<![\\w/.-])" + java.util.regex.Pattern.quote(prefix),
                    java.util.regex.Matcher.quoteReplacement(installed.root() + prefix));
        }
        return s.replace("hub.local", "localhost")
                .replaceAll(":8883\\b", ":" + tlsPort).replaceAll("(?m)^listener 8883\\b", "listener " + tlsPort)
                .replaceAll(":1883\\b", ":" + loopbackPort)
                .replaceAll("(?m)^listener 1883\\b", "listener " + loopbackPort)
                .replaceAll(":8080\\b", ":" + httpPort).replaceAll("(?m)^SSK_HTTP_PORT=8080$", "SSK_HTTP_PORT=" + httpPort);
    }

    /** The installed unit's {@code ExecStart=} (or {@code key}) with its environment, adapted. */
    Command command(String unit, String key) throws IOException {
        UnitFile u = UnitFile.read(installed.path("/etc/systemd/system/" + unit));
        List<String> words = UnitFile.argv(u.all("Service", key).getFirst());
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("-jar") && MAIN_CLASS.containsKey(words.get(i + 1))) {
                argv.add("-cp");
                argv.add(System.getProperty("java.class.path"));
                argv.add(MAIN_CLASS.get(words.get(++i)));
            } else {
                argv.add(adapt(w));
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : u.all("Service", "Environment")) {
            putAdapted(env, e);
        }
        for (String f : u.all("Service", "EnvironmentFile")) {
            Path file = installed.path(f.replaceFirst("^-", ""));
            if (Files.exists(file)) {
                EnvFile.read(file).values().forEach((k, v) -> putAdapted(env, k + "=" + v));
            }
        }
        Path dir = u.one("Service", "WorkingDirectory").map(installed::path).orElse(installed.root());
        return new Command(argv, env, dir);
    }

    /** An environment file read like {@code EnvironmentFile=} does, adapted. */
    Map<String, String> env(String documentedFile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        EnvFile.read(installed.path(documentedFile)).values().forEach((k, v) -> putAdapted(env, k + "=" + v));
        return env;
    }

    private void putAdapted(Map<String, String> env, String setting) {
        String adapted = adapt(setting);
        int eq = adapted.indexOf('=');
        env.put(adapted.substring(0, eq), adapted.substring(eq + 1));
    }
}
