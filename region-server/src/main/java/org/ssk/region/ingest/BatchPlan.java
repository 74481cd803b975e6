package org.ssk.region.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadBatch;

/**
 * The pure decision on one uploaded batch, given what the region holds of the center: its
 * {@code storedThrough} and {@code headHash}, and the stored hashes of the batch's entries at or
 * below {@code storedThrough} (plus the one before the batch). No I/O, no clock.
 *
 * <ul>
 *   <li>An entry already stored must be byte for byte the one stored (same hash, and its text
 *       hashes to it): a replay is harmless, a rewritten historical entry is {@link Broken}.</li>
 *   <li>New entries must start right after {@code storedThrough}: otherwise {@link Gap}, nothing
 *       stored past it.</li>
 *   <li>Each new entry's hash must chain on the previous one's: otherwise {@link Broken}.</li>
 * </ul>
 */
public final class BatchPlan {
    private BatchPlan() {
    }

    /** What to do with a batch. */
    public sealed interface Decision {
    }

    /** Store {@code fresh} (possibly none: a pure replay); the center is then whole through {@code through}. */
    public record Store(List<ChainedEntry> fresh, long through, String headHash) implements Decision {
    }

    /** The batch starts after {@code storedThrough + 1}; nothing of it is stored. */
    public record Gap(long expected, long got) implements Decision {
    }

    /** Entry {@code seq} does not chain or differs from the stored one; nothing of the batch is stored. */
    public record Broken(long seq, String reason) implements Decision {
    }

    public static Decision decide(UploadBatch batch, long storedThrough, String headHash, Map<Long, String> storedHashes) {
        List<ChainedEntry> fresh = new ArrayList<>();
        String previous = storedHashes.get(batch.firstSeq() - 1);
        if (batch.firstSeq() == 1) {
            previous = org.ssk.protocol.region.ChainHash.GENESIS;
        }
        String head = headHash;
        long through = storedThrough;
        for (ChainedEntry e : batch.entries()) {
            if (e.seq() <= storedThrough) {
                String stored = storedHashes.get(e.seq());
                if (stored == null || !stored.equals(e.hash()) || previous == null || !e.follows(previous)) {
                    return new Broken(e.seq(), "differs from the entry " + e.seq() + " the region stored");
                }
                previous = e.hash();
                continue;
            }
            if (e.seq() != through + 1) {
                return new Gap(through + 1, e.seq());
            }
            if (!e.follows(head)) {
                return new Broken(e.seq(), "its hash does not chain on entry " + through + "'s");
            }
            fresh.add(e);
            head = e.hash();
            previous = head;
            through = e.seq();
        }
        return new Store(fresh, through, head);
    }
}
