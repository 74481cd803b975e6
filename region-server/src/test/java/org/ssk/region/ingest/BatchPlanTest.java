package org.ssk.region.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadBatch;

class BatchPlanTest {
    private static List<ChainedEntry> chain(int n, String salt) {
        List<ChainedEntry> out = new ArrayList<>();
        String prev = ChainHash.GENESIS;
        for (int i = 1; i <= n; i++) {
            String text = "{\"src\":\"sale_line\",\"n\":" + i + (i > 5 ? salt : "") + "}";
            prev = ChainHash.next(prev, text);
            out.add(new ChainedEntry(i, text, prev));
        }
        return out;
    }

    private static Map<Long, String> hashes(List<ChainedEntry> stored) {
        Map<Long, String> m = new HashMap<>();
        stored.forEach(e -> m.put(e.seq(), e.hash()));
        return m;
    }

    @Test
    void aBatchOverlappingWhatIsStoredStoresOnlyTheNewEntries() {
        List<ChainedEntry> c = chain(10, "");
        var d = BatchPlan.decide(new UploadBatch("c", c.subList(3, 10)), 6, c.get(5).hash(), hashes(c.subList(0, 6)));
        BatchPlan.Store s = assertInstanceOf(BatchPlan.Store.class, d);
        assertEquals(List.of(7L, 8L, 9L, 10L), s.fresh().stream().map(ChainedEntry::seq).toList());
        assertEquals(10, s.through());
        assertEquals(c.get(9).hash(), s.headHash());
    }

    @Test
    void aReplayedBatchStoresNothingAndKeepsTheHead() {
        List<ChainedEntry> c = chain(10, "");
        var d = BatchPlan.decide(new UploadBatch("c", c.subList(0, 10)), 10, c.get(9).hash(), hashes(c));
        assertEquals(new BatchPlan.Store(List.of(), 10, c.get(9).hash()), d);
    }

    @Test
    void aBatchStartingPastTheNextSequenceIsAGap() {
        List<ChainedEntry> c = chain(10, "");
        var d = BatchPlan.decide(new UploadBatch("c", c.subList(6, 10)), 3, c.get(2).hash(), hashes(c.subList(0, 3)));
        assertEquals(new BatchPlan.Gap(4, 7), d);
    }

    @Test
    void aRewrittenHistoryIsBrokenAtTheFirstEntryThatDiffers() {
        List<ChainedEntry> stored = chain(10, "");
        List<ChainedEntry> forged = chain(12, ",\"forged\":true");
        var d = BatchPlan.decide(new UploadBatch("c", forged.subList(2, 12)), 10, stored.get(9).hash(), hashes(stored));
        assertEquals(6, assertInstanceOf(BatchPlan.Broken.class, d).seq());
    }

    @Test
    void aStoredHashWithOtherTextIsBrokenToo() {
        List<ChainedEntry> c = chain(4, "");
        List<ChainedEntry> batch = new ArrayList<>(c);
        batch.set(1, new ChainedEntry(2, "{\"other\":1}", c.get(1).hash()));
        var d = BatchPlan.decide(new UploadBatch("c", batch), 4, c.get(3).hash(), hashes(c));
        assertEquals(2, assertInstanceOf(BatchPlan.Broken.class, d).seq());
    }
}
