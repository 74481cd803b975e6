package org.ssk.hub.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An environment file as systemd's {@code EnvironmentFile=} and a POSIX shell's {@code .} both read
 * ours: {@code KEY=value} lines, {@code #} comments. {@link #values} holds the set variables,
 * {@link #documented} every variable named in a setting or a commented-out setting
 * ({@code #KEY=default}), which is what a reader of the file learns exists.
 */
record EnvFile(Map<String, String> values, Set<String> documented) {
    private static final Pattern SETTING = Pattern.compile("^(#?)([A-Z][A-Z0-9_]*)=(.*)$");

    static EnvFile read(Path path) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> documented = new LinkedHashSet<>();
        for (String line : Files.readAllLines(path)) {
            Matcher m = SETTING.matcher(line.strip());
            if (m.matches()) {
                documented.add(m.group(2));
                if (m.group(1).isEmpty()) {
                    values.put(m.group(2), m.group(3));
                }
            }
        }
        return new EnvFile(values, documented);
    }
}
