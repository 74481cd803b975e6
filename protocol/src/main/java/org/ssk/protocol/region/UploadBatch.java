package org.ssk.protocol.region;

import java.util.List;

/**
 * What a hub posts to {@code POST /api/v1/centers/{center}/entries}: consecutive entries of its
 * ledger chain, in sequence order, at most {@link #MAX_ENTRIES}. The center named here must be
 * the one the request authenticated as; the region checks that, and the order, at its edge.
 */
public record UploadBatch(String center, List<ChainedEntry> entries) {
    /** Most entries in one batch: one region transaction, a few MB of JSON. */
    public static final int MAX_ENTRIES = 5000;

    public UploadBatch {
        if (!CenterId.valid(center)) {
            throw new IllegalArgumentException("center: " + CenterId.RULE);
        }
        if (entries == null || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries: 1-" + MAX_ENTRIES + " per batch");
        }
        entries = List.copyOf(entries);
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).seq() != entries.get(i - 1).seq() + 1) {
                throw new IllegalArgumentException("entries must be consecutive: " + entries.get(i - 1).seq()
                        + " is followed by " + entries.get(i).seq());
            }
        }
    }

    public long firstSeq() {
        return entries.get(0).seq();
    }

    public long lastSeq() {
        return entries.get(entries.size() - 1).seq();
    }
}
