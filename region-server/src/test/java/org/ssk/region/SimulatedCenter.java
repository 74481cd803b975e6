package org.ssk.region;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.ssk.hub.region.ChainSource;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadBatch;

/**
 * A center's ledger chain as a hub would build it, in memory: sale lines in the hub's canonical
 * form (one every {@code stepMs} from {@code startMs}; one a minute unless given), each chained
 * on the one before. Not thread-safe while it grows; {@link #source} reads a grown chain from any
 * thread.
 */
final class SimulatedCenter {
    private final String id;
    private final long startMs;
    private final long stepMs;
    private final List<ChainedEntry> chain = new ArrayList<>();

    SimulatedCenter(String id, long startMs) {
        this(id, startMs, 60_000);
    }

    SimulatedCenter(String id, long startMs, long stepMs) {
        this.id = id;
        this.startMs = startMs;
        this.stepMs = stepMs;
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
            String entry = saleLine(id + "-" + seq, startMs + seq * stepMs, (int) (seq % 3) + 1, 1_990);
            String previous = chain.isEmpty() ? ChainHash.GENESIS : chain.get(chain.size() - 1).hash();
            chain.add(new ChainedEntry(seq, entry, ChainHash.next(previous, entry)));
        }
        return chain;
    }

    List<ChainedEntry> chain() {
        return chain;
    }

    /**
     * The chain as the hub's uploader reads its ledger, of which only the first
     * {@code written.getAsLong()} entries are written yet (at most the whole chain).
     */
    ChainSource source(LongSupplier written) {
        return new ChainSource() {
            @Override
            public long headSeq() {
                return Math.min(chain.size(), written.getAsLong());
            }

            @Override
            public List<ChainedEntry> after(long seq, int limit) {
                long head = headSeq();
                return seq >= head ? List.of() : List.copyOf(chain.subList((int) seq, (int) Math.min(head, seq + limit)));
            }
        };
    }

    /** The whole chain as the hub's uploader reads it. */
    ChainSource source() {
        return source(() -> Long.MAX_VALUE);
    }

    /** Entries {@code from}..{@code to} (1-based, inclusive) as one batch. */
    UploadBatch batch(long from, long to) {
        return new UploadBatch(id, chain.subList((int) from - 1, (int) to));
    }
}
