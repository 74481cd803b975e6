package org.ssk.agent.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One GitHub-style markdown table, found in a document by the HTML comment that precedes it
 * ({@code <!-- wiring:lanes -->}), so a technician reads an ordinary table while a test reads
 * the same cells. Cells are trimmed and stripped of backticks; a dash ({@code -}, {@code –},
 * {@code —}) or an empty cell means "not used". Immutable.
 */
record MarkdownTable(List<String> header, List<Map<String, String>> rows) {

    /** The table that starts on the first table line after {@code marker}. */
    static MarkdownTable after(String document, String marker) {
        int at = document.indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException("no " + marker + " in the document");
        }
        List<String> lines = document.substring(at + marker.length()).lines()
                .dropWhile(l -> !l.trim().startsWith("|"))
                .takeWhile(l -> l.trim().startsWith("|"))
                .toList();
        if (lines.size() < 2) {
            throw new IllegalArgumentException("no table after " + marker);
        }
        List<String> header = cells(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException("row has " + cells.size() + " cells, header has "
                        + header.size() + ": " + line);
            }
            java.util.LinkedHashMap<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), cells.get(i));
            }
            rows.add(row);
        }
        return new MarkdownTable(header, List.copyOf(rows));
    }

    /** A cell's value, empty when the cell says "not used". */
    static Optional<String> value(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null) {
            throw new IllegalArgumentException("no column '" + column + "' in " + row.keySet());
        }
        return v.isEmpty() || v.equals("-") || v.equals("–") || v.equals("—") ? Optional.empty() : Optional.of(v);
    }

    private static List<String> cells(String line) {
        String t = line.trim();
        t = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length());
        List<String> out = new ArrayList<>();
        for (String c : t.split("\\|", -1)) {
            out.add(c.replace("`", "").trim());
        }
        return out;
    }
}
