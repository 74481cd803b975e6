package org.ssk.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;

/**
 * Made-up center chains for the region benches that need no hub: entries in the hubs' canonical
 * text (as {@code LedgerChain} writes it, the columns of the migration the region reads), chained
 * from genesis as a hub chains them, so the region's chain check accepts them. Stateless.
 */
final class MadeUpChains {
    private MadeUpChains() {
    }

    /** Entries 1..n, entry i's text from {@code entryAt.apply(i)}, each hashed over the one before. */
    static List<ChainedEntry> chain(int n, IntFunction<String> entryAt) {
        List<ChainedEntry> out = new ArrayList<>(n);
        String hash = ChainHash.GENESIS;
        for (int i = 1; i <= n; i++) {
            String entry = entryAt.apply(i);
            hash = ChainHash.next(hash, entry);
            out.add(new ChainedEntry(i, entry, hash));
        }
        return out;
    }

    /** A point-of-sale line: one bag of rice at 19.90 yuan on shelf S1, received when sold. */
    static String saleLine(String orderId, long tMs) {
        return "{\"src\":\"sale_line\",\"order_id\":\"" + orderId + "\",\"line_no\":1,\"channel\":\"pos\","
                + "\"t_ms\":" + tMs + ",\"sku\":\"dy-rice-2500\",\"qty\":1,\"price_fen\":1990,\"amount_fen\":1990,"
                + "\"shelf\":\"S1\",\"refers_to\":null,\"received_ms\":" + tMs + "}";
    }

    /** A pick of one unit (497.5 g) from a lane, received when it happened. */
    static String pick(String eventId, String shelf, String lane, String sku, long tMs) {
        return "{\"src\":\"shelf_event\",\"event_id\":\"" + eventId + "\",\"type\":\"pick\",\"shelf\":\"" + shelf
                + "\",\"lane\":\"" + lane + "\",\"sku\":\"" + sku + "\",\"t_ms\":" + tMs
                + ",\"qty\":1,\"grams\":497.5,\"detail\":null,\"received_ms\":" + tMs + "}";
    }
}
