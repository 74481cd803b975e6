package org.ssk.region;

import java.util.ArrayList;
import java.util.List;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadBatch;

/**
 * A center's ledger chain as a hub would build it, in memory: sale lines in the hub's canonical
 * form (one a minute from {@code startMs}), each chained on the one before. Not thread-safe.
 */
final class SimulatedCenter {
    private final String id;
    private final long startMs;
    private final List<ChainedEntry> chain = new ArrayList<>();

    SimulatedCenter(String id, long startMs) {
        this.id = id;
        this.startMs = startMs;
    }

    String id() {
        return id;
    }

    static String saleLine(String order, long tMs, int qty, long priceFen) {
        return "{\"src\":\"sale_line\",\"order_id\":\"" + order + "\",\"line_no\":1,\"channel\":\"pos\",\"t_ms\":" + tMs
                + ",\"sku\":\"dy-rice-2500\",\"qty\":" + qty + ",\"price_fen\":" + priceFen + ",\"amount_fen\":"
                + qty * priceFen + ",\"shelf\":\"S1\",\"refers_to\":null,\"received_ms\":" + tMs + "}";
    }

    /** Appends {@code n} entries and returns the whole chain so far. */
    List<ChainedEntry> grow(int n) {
        for (int i = 0; i < n; i++) {
            long seq = chain.size() + 1;
            String entry = saleLine(id + "-" + seq, startMs + seq * 60_000, (int) (seq % 3) + 1, 1_990);
            String previous = chain.isEmpty() ? ChainHash.GENESIS : chain.get(chain.size() - 1).hash();
            chain.add(new ChainedEntry(seq, entry, ChainHash.next(previous, entry)));
        }
        return chain;
    }

    List<ChainedEntry> chain() {
        return chain;
    }

    /** Entries {@code from}..{@code to} (1-based, inclusive) as one batch. */
    UploadBatch batch(long from, long to) {
        return new UploadBatch(id, chain.subList((int) from - 1, (int) to));
    }
}
