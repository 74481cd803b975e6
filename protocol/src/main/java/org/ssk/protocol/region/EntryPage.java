package org.ssk.protocol.region;

import java.util.List;

/**
 * One page of a center's own entries as the region holds them, answered to
 * {@code GET /api/v1/centers/{center}/entries?after=SEQ&limit=N} (what {@code hub-server
 * restore-from-region} rebuilds a ledger from): consecutive entries from {@code after + 1}, at most
 * {@link #MAX_ENTRIES}, none past {@code storedThrough} (the region's highest contiguous sequence
 * for the center, whose hash is {@code headHash}). An empty page means nothing is stored after
 * {@code after}.
 */
public record EntryPage(String center, long storedThrough, String headHash, List<ChainedEntry> entries) {
    /** Most entries in one page, as in an upload batch. */
    public static final int MAX_ENTRIES = UploadBatch.MAX_ENTRIES;

    public EntryPage {
        if (!CenterId.valid(center)) {
            throw new IllegalArgumentException("center: " + CenterId.RULE);
        }
        if (storedThrough < 0) {
            throw new IllegalArgumentException("stored_through must not be negative");
        }
        if (!ChainHash.isHash(headHash)) {
            throw new IllegalArgumentException("head_hash: 64 lower-case hex digits");
        }
        if (entries == null || entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries: 0-" + MAX_ENTRIES + " per page");
        }
        entries = List.copyOf(entries);
        for (int i = 0; i < entries.size(); i++) {
            ChainedEntry e = entries.get(i);
            if (i > 0 && e.seq() != entries.get(i - 1).seq() + 1) {
                throw new IllegalArgumentException("entries must be consecutive: " + entries.get(i - 1).seq()
                        + " is followed by " + e.seq());
            }
            if (e.seq() > storedThrough) {
                throw new IllegalArgumentException("entry " + e.seq() + " is past stored_through " + storedThrough);
            }
        }
    }
}
