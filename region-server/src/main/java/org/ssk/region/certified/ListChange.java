package org.ssk.region.certified;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ssk.protocol.region.Certificate;

/**
 * What an import changes in the stored list (pure): certificates to add, to update (same number,
 * other fields) and, when the import replaces the whole list, to remove; those equal to the stored
 * ones are left alone. {@link #changed()} says whether the list's version moves.
 */
public record ListChange(List<Certificate> added, List<Certificate> updated, List<String> removed, int unchanged) {
    public static ListChange of(Map<String, Certificate> stored, List<Certificate> incoming, boolean replace) {
        List<Certificate> added = new ArrayList<>();
        List<Certificate> updated = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        int same = 0;
        for (Certificate c : incoming) {
            seen.add(c.number());
            Certificate old = stored.get(c.number());
            if (old == null) {
                added.add(c);
            } else if (!old.equals(c)) {
                updated.add(c);
            } else {
                same++;
            }
        }
        List<String> removed = new ArrayList<>();
        if (replace) {
            for (String n : new TreeSet<>(stored.keySet())) {
                if (!seen.contains(n)) {
                    removed.add(n);
                }
            }
        }
        return new ListChange(List.copyOf(added), List.copyOf(updated), List.copyOf(removed), same);
    }

    public boolean changed() {
        return !added.isEmpty() || !updated.isEmpty() || !removed.isEmpty();
    }
}
