package org.ssk.hub.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A systemd unit file (or any file in that INI dialect, such as a journald drop-in) as the tests
 * read it: sections in order, each a list of {@code key=value} entries (a key may repeat, as
 * {@code ExecStartPre=} does), comments and blank lines dropped, backslash continuations joined.
 * {@link #argv} splits a command line the way systemd does for the cases our units use:
 * whitespace-separated words, double or single quotes, and the {@code -@:+!} prefixes of the
 * executable. Immutable.
 */
record UnitFile(Path path, Map<String, List<Map.Entry<String, String>>> sections) {

    static UnitFile read(Path path) throws IOException {
        Map<String, List<Map.Entry<String, String>>> sections = new LinkedHashMap<>();
        List<Map.Entry<String, String>> current = null;
        StringBuilder pending = null;
        int n = 0;
        for (String raw : Files.readAllLines(path)) {
            n++;
            String line = raw.strip();
            if (pending != null) {
                pending.append(' ').append(line);
                if (line.endsWith("\\")) {
                    pending.setLength(pending.length() - 1);
                    continue;
                }
                line = pending.toString();
                pending = null;
            } else if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending = new StringBuilder(line.substring(0, line.length() - 1));
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new ArrayList<>();
                if (sections.put(line.substring(1, line.length() - 1), current) != null) {
                    throw new IllegalArgumentException(path + ":" + n + ": section " + line + " appears twice");
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq <= 0) {
                throw new IllegalArgumentException(path + ":" + n + ": not 'key=value' inside a section: " + raw);
            }
            current.add(Map.entry(line.substring(0, eq).strip(), line.substring(eq + 1).strip()));
        }
        return new UnitFile(path, sections);
    }

    /** Every value of {@code key} in {@code section}, in file order. */
    List<String> all(String section, String key) {
        return sections.getOrDefault(section, List.of()).stream()
                .filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).toList();
    }

    Optional<String> one(String section, String key) {
        List<String> all = all(section, key);
        if (all.size() > 1) {
            throw new IllegalArgumentException(path + ": " + key + " appears " + all.size() + " times in [" + section + "]");
        }
        return all.stream().findFirst();
    }

    /** A command line split into words, without the executable's {@code -@:+!} prefixes. */
    static List<String> argv(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                if (word == null) {
                    word = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated quote in: " + command);
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            words.set(0, words.get(0).replaceFirst("^[-@:+!]+", ""));
        }
        return words;
    }
}
