package org.ssk.protocol.region;

/**
 * One entry of a center's ledger as it travels to the region: its gap-free per-center sequence
 * number (from 1), its canonical text (a JSON object, see docs/region.md) and its chain hash
 * ({@link ChainHash#next} of the previous entry's hash and {@code entry}).
 */
public record ChainedEntry(long seq, String entry, String hash) {
    /** Longest canonical entry accepted, in characters: a ledger row is a few hundred. */
    public static final int MAX_ENTRY_CHARS = 8192;

    public ChainedEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, was " + seq);
        }
        if (entry == null || entry.isEmpty() || entry.length() > MAX_ENTRY_CHARS) {
            throw new IllegalArgumentException("entry " + seq + ": 1-" + MAX_ENTRY_CHARS + " characters of JSON");
        }
        if (!ChainHash.isHash(hash)) {
            throw new IllegalArgumentException("entry " + seq + ": hash must be 64 lower-case hex digits");
        }
    }

    /** True when {@code hash} is what {@code previousHash} and {@code entry} chain to. */
    public boolean follows(String previousHash) {
        return hash.equals(ChainHash.next(previousHash, entry));
    }
}
