package org.ssk.region.ingest;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sums a batch's entries into daily aggregate rows (pure); entries without a day are left out. */
public final class DailyTotals {
    /** One aggregate row's key. */
    public record Key(LocalDate day, String src, String kind, String sku) {
    }

    /** Its sums: entries counted, quantity, amount in fen. */
    public record Sum(long entries, long qty, long amountFen) {
        Sum plus(EntryFacts f) {
            return new Sum(entries + 1, qty + f.qty(), amountFen + f.amountFen());
        }
    }

    private DailyTotals() {
    }

    public static Map<Key, Sum> of(List<EntryFacts> facts) {
        Map<Key, Sum> out = new LinkedHashMap<>();
        for (EntryFacts f : facts) {
            if (f.day() == null) {
                continue;
            }
            out.merge(new Key(f.day(), f.src(), f.kind(), f.sku()), new Sum(0, 0, 0).plus(f),
                    (a, b) -> new Sum(a.entries() + b.entries(), a.qty() + b.qty(), a.amountFen() + b.amountFen()));
        }
        return out;
    }
}
