package org.ssk.region.ingest;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums a batch's entries into daily aggregate rows (pure), each on the day of its time in the
 * region's zone; entries without a time are left out.
 */
public final class DailyTotals {
    /** One aggregate row's key. */
    public record Key(LocalDate day, String src, String kind, String sku) {
    }

    /** Its sums: entries counted, quantity, amount in fen. */
    public record Sum(long entries, long qty, long amountFen) {
        /** One entry's own sum. */
        public static Sum of(EntryFacts f) {
            return new Sum(1, f.qty(), f.amountFen());
        }

        public Sum plus(Sum o) {
            return new Sum(entries + o.entries, qty + o.qty, amountFen + o.amountFen);
        }
    }

    private DailyTotals() {
    }

    public static Map<Key, Sum> of(List<EntryFacts> facts, ZoneId zone) {
        Map<Key, Sum> out = new LinkedHashMap<>();
        for (EntryFacts f : facts) {
            LocalDate day = f.day(zone);
            if (day == null) {
                continue;
            }
            out.merge(new Key(day, f.src(), f.kind(), f.sku()), Sum.of(f), Sum::plus);
        }
        return out;
    }
}
