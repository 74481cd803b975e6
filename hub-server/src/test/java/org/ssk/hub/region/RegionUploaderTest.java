package org.ssk.hub.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;

class RegionUploaderTest {
    private static final RegionLink LINK = new RegionLink("c1", "https://region.example.org", "s".repeat(43), 100, 600);
    private static final long NOW = 1_800_000_000_000L;

    /** A ledger chain in memory: entries received {@code ageMs} before {@link #NOW}. */
    static final class FakeChain implements ChainSource {
        final List<ChainedEntry> entries = new ArrayList<>();

        void add(int n, long ageMs) {
            for (int i = 0; i < n; i++) {
                String text = "{\"src\":\"shelf_event\",\"n\":" + entries.size() + ",\"received_ms\":" + (NOW - ageMs) + "}";
                String prev = entries.isEmpty() ? ChainHash.GENESIS : entries.get(entries.size() - 1).hash();
                entries.add(new ChainedEntry(entries.size() + 1, text, ChainHash.next(prev, text)));
            }
        }

        @Override
        public long headSeq() {
            return entries.size();
        }

        @Override
        public List<ChainedEntry> after(long seq, int limit) {
            return List.copyOf(entries.subList((int) seq, (int) Math.min(entries.size(), seq + limit)));
        }
    }

    /** A region in memory that stores contiguous entries, can be away, and can lose its tail. */
    static final class FakeRegion implements RegionClient {
        final List<ChainedEntry> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Long> batchStarts = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Status reports received, as "head/offline/alerts", in order. */
        final List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean away;
        volatile boolean refuse;
        volatile boolean refuseStatus;

        @Override
        public void status(String center, long headSeq, CenterHealth health) throws Unavailable, Refused {
            if (away) {
                throw new Unavailable("away", null);
            }
            if (refuseStatus) {
                throw new Refused(404, "no status route");
            }
            statuses.add(headSeq + "/" + health.offlineShelves() + "/" + health.openAlerts());
        }

        @Override
        public UploadAnswer head(String center) throws Unavailable {
            if (away) {
                throw new Unavailable("away", null);
            }
            return answer(center);
        }

        @Override
        public java.util.Optional<org.ssk.protocol.region.CertifiedList> certified(String ifNoneMatch)
                throws Unavailable {
            throw new Unavailable("the uploader's fake region keeps no certified list", null);
        }

        @Override
        public UploadAnswer upload(UploadBatch batch) throws Unavailable, Refused {
            if (away) {
                throw new Unavailable("away", null);
            }
            if (refuse) {
                throw new Refused(409, "chain_broken at " + batch.firstSeq());
            }
            batchStarts.add(batch.firstSeq());
            for (ChainedEntry e : batch.entries()) {
                if (e.seq() == stored.size() + 1) {
                    stored.add(e);
                }
            }
            return answer(batch.center());
        }

        private UploadAnswer answer(String center) {
            return new UploadAnswer(center, stored.size(),
                    stored.isEmpty() ? ChainHash.GENESIS : stored.get(stored.size() - 1).hash());
        }
    }

    @Test
    void theWholeChainGoesUpInBatchesAndTheUploaderThenIdles() {
        FakeChain chain = new FakeChain();
        chain.add(RegionUploader.BATCH * 2 + 10, 5_000);
        FakeRegion region = new FakeRegion();
        RegionUploader up = new RegionUploader(LINK, chain, region);
        assertEquals(0, up.step(NOW));
        assertEquals(RegionUploader.BATCH + 10, up.lagEntries());
        assertEquals(5, up.lagSeconds());
        assertEquals(0, up.step(NOW));
        assertEquals(RegionUploader.IDLE_MS, up.step(NOW));
        assertEquals(chain.entries, region.stored);
        assertEquals(RegionUploader.IDLE_MS, up.step(NOW));
        assertEquals(0, up.lagEntries());
        assertEquals(3, region.batchStarts.size(), "nothing is sent while caught up");
    }

    @Test
    void theCentersHeadAndHealthGoToTheRegionBeforeNewEntriesAndEveryMinuteWhileCaughtUp() {
        FakeChain chain = new FakeChain();
        chain.add(10, 1_000);
        FakeRegion region = new FakeRegion();
        CenterHealth[] health = {new CenterHealth(1, 3)};
        RegionUploader up = new RegionUploader(LINK, chain, region, () -> health[0]);
        up.step(NOW);
        assertEquals(List.of("10/1/3"), region.statuses, "the head before its entries");
        assertEquals(10, region.stored.size());
        up.step(NOW + 1_000);
        health[0] = new CenterHealth(0, 1);
        up.step(NOW + 2_000);
        assertEquals(1, region.statuses.size(), "nothing new within the minute");
        up.step(NOW + 1_000 + RegionUploader.STATUS_EVERY_MS);
        assertEquals(List.of("10/1/3", "10/0/1"), region.statuses, "the health again after a minute");
        chain.add(5, 0);
        up.step(NOW + 2_000 + RegionUploader.STATUS_EVERY_MS);
        assertEquals("15/0/1", region.statuses.get(2), "a new head is told at once");
        assertEquals(15, region.stored.size());
    }

    @Test
    void aRegionThatRefusesTheStatusStillGetsTheEntries() {
        FakeChain chain = new FakeChain();
        chain.add(7, 1_000);
        FakeRegion region = new FakeRegion();
        region.refuseStatus = true;
        RegionUploader up = new RegionUploader(LINK, chain, region, () -> new CenterHealth(0, 0));
        up.step(NOW);
        assertEquals(7, region.stored.size());
        assertEquals(0, up.lagEntries());
    }

    @Test
    void theUploaderResumesFromWhatTheRegionSaysItHolds() {
        FakeChain chain = new FakeChain();
        chain.add(50, 0);
        FakeRegion region = new FakeRegion();
        RegionUploader up = new RegionUploader(LINK, chain, region);
        up.step(NOW);
        assertEquals(50, region.stored.size());
        region.stored.subList(30, 50).clear();
        chain.add(5, 0);
        up.step(NOW);
        assertEquals(25, up.lagEntries(), "the region answered that it holds 30 of 55");
        up.step(NOW);
        assertEquals(List.of(1L, 51L, 31L), region.batchStarts,
                "the batch after the gap is not stored; the uploader resends from where the region stands");
        assertEquals(chain.entries, region.stored);
    }

    @Test
    void whileTheRegionIsAwayTheUploaderBacksOffLongerEachTimeUpToAMinute() {
        FakeChain chain = new FakeChain();
        chain.add(10, 0);
        FakeRegion region = new FakeRegion();
        region.away = true;
        RegionUploader up = new RegionUploader(LINK, chain, region);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waits.add(up.step(NOW));
        }
        for (int i = 1; i < waits.size(); i++) {
            assertTrue(waits.get(i) >= waits.get(i - 1), waits.toString());
        }
        assertTrue(waits.get(1) > waits.get(0), waits.toString());
        assertEquals(RegionUploader.MAX_BACKOFF_MS, waits.get(9));
        region.away = false;
        assertEquals(RegionUploader.IDLE_MS, up.step(NOW));
        assertEquals(10, region.stored.size());
    }

    @Test
    void aLagPastTheThresholdOrARefusalIsAnAlertAndCatchingUpClearsIt() {
        FakeChain chain = new FakeChain();
        chain.add(RegionUploader.BATCH + 500, 0);
        FakeRegion region = new FakeRegion();
        RegionUploader up = new RegionUploader(LINK, chain, region);
        up.step(NOW);
        assertNotNull(up.alert(), "500 entries behind, threshold 100");
        up.step(NOW);
        assertNull(up.alert());
        chain.add(1, 3_600_000);
        region.refuse = true;
        up.step(NOW);
        assertTrue(up.alert().contains("refused"), up.alert());
        region.refuse = false;
        region.away = true;
        up.step(NOW);
        assertNotNull(up.alert(), "an hour-old entry not uploaded, threshold 600 s");
        region.away = false;
        up.step(NOW);
        up.step(NOW);
        assertNull(up.alert());
    }

    @Test
    void theStatusKeepsTheLastContactThroughAnOutageAndSaysWhyTheLastRoundFailed() {
        FakeChain chain = new FakeChain();
        chain.add(3, 0);
        FakeRegion region = new FakeRegion();
        RegionUploader u = new RegionUploader(LINK, chain, region);
        assertEquals(new RegionUploader.Status(0, 0, 0, null), u.status(), "nothing known before the first step");
        u.step(NOW);
        assertEquals(new RegionUploader.Status(0, 0, NOW, null), u.status());

        region.away = true;
        chain.add(2, 0);
        u.step(NOW + 5_000);
        u.step(NOW + 9_000);
        RegionUploader.Status away = u.status();
        assertEquals(2, away.lagEntries());
        assertEquals(9, away.lagSeconds(), "the oldest entry not uploaded keeps ageing while the region is away");
        assertEquals(NOW, away.lastContactMs(), "the last time the region answered stays known while it is away");
        assertTrue(away.lastError().contains("away"), away.lastError());

        region.away = false;
        region.refuse = true;
        u.step(NOW + 20_000);
        assertTrue(u.status().lastError().contains("chain_broken"), u.status().lastError());

        region.refuse = false;
        u.step(NOW + 30_000);
        assertEquals(5, region.stored.size());
        assertEquals(new RegionUploader.Status(0, 0, NOW + 30_000, null), u.status());
    }
}
