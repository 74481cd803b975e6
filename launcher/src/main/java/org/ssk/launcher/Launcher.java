package org.ssk.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Entry point of the runnable jars. The code needs Java 21, but `java -jar` may find an older
 * runtime first on the PATH (Debian 12 ships 17 as default while a newer JDK sits beside it).
 * On a runtime of 21 or newer this calls the real main class named by the manifest attribute
 * {@code Ssk-Main-Class} in-process. On an older one it looks for a newer JDK ({@code SSK_JAVA_HOME},
 * {@code JAVA_HOME}, then {@code /usr/lib/jvm/*}) and re-executes the same jar with it, passing
 * standard streams and the exit status through; if none is found it says so and exits 1.
 */
public final class Launcher {
    static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = ownJar();
        String mainClass = realMainClass(jar);
        if (Runtime.version().feature() >= REQUIRED) {
            Method main = Class.forName(mainClass).getMethod("main", String[].class);
            main.invoke(null, (Object) args);
            return;
        }
        Optional<Path> java = findJava();
        if (java.isEmpty()) {
            System.err.println("This program needs Java " + REQUIRED + " or newer; this is Java "
                    + Runtime.version().feature() + ". Install a Java " + REQUIRED
                    + " runtime (e.g. `apt-get install openjdk-21-jre-headless`) or set SSK_JAVA_HOME.");
            System.exit(1);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get().toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // sqlite-jdbc loads a native library; newer JDKs warn on every start unless this is allowed.
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        System.exit(p.waitFor());
    }

    private static Path ownJar() throws URISyntaxException {
        return Paths.get(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String realMainClass(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            String name = jf.getManifest().getMainAttributes().getValue(new Attributes.Name("Ssk-Main-Class"));
            if (name == null) {
                throw new IllegalStateException(jar + " has no Ssk-Main-Class in its manifest");
            }
            return name;
        }
    }

    static Optional<Path> findJava() throws IOException {
        List<Path> homes = new ArrayList<>();
        for (String env : new String[] {"SSK_JAVA_HOME", "JAVA_HOME"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                homes.add(Paths.get(v));
            }
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.sorted(Comparator.reverseOrder()).forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path java = home.resolve("bin").resolve("java");
            if (Files.isExecutable(java) && featureOf(home) >= REQUIRED) {
                return Optional.of(java);
            }
        }
        return Optional.empty();
    }

    /** Reads JAVA_VERSION from the JDK's {@code release} file; 0 when it cannot be told. */
    private static int featureOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String major = v.split("[.+-]")[0];
                    return Integer.parseInt(major.equals("1") ? v.split("\\.")[1] : major);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
