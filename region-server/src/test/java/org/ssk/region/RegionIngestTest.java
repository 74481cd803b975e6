package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.EntryLines;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.ingest.DailyTotals;
import org.ssk.region.store.Alert;
import org.ssk.region.store.RegionStore;

/** Uploads through the region's HTTP API into a private PostgreSQL: the outcomes docs/region.md promises. */
class RegionIngestTest {
    /** 2026-03-31T22:00 in Shanghai (the region's default zone): the simulated sales cross into April after two hours. */
    private static final long START_MS = 1_774_965_600_000L;

    static final String ADMIN = "region-admin-token-for-tests-0123456789";
    static RegionHarness region;

    @BeforeAll
    static void start() throws Exception {
        region = RegionHarness.onPrivatePostgres(ADMIN);
    }

    @AfterAll
    static void stop() {
        if (region != null) {
            region.close();
        }
    }

    private static String register(String id) throws Exception {
        return region.store.addCenter(id, "center " + id, System.currentTimeMillis());
    }

    private static UploadAnswer answer(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return RegionCodec.decodeAnswer(r.body());
    }

    @Test
    void batchesAreStoredInOrderAndAnOldBatchReplayedIsStoredOnce() throws Exception {
        SimulatedCenter c = new SimulatedCenter("replay", START_MS);
        String secret = register(c.id());
        c.grow(300);
        assertEquals(200, answer(region.post(c.id(), secret, c.batch(1, 200))).storedThrough());
        assertEquals(300, answer(region.post(c.id(), secret, c.batch(150, 300))).storedThrough());
        UploadAnswer replayed = answer(region.post(c.id(), secret, c.batch(1, 200)));
        assertEquals(new UploadAnswer(c.id(), 300, c.chain().get(299).hash()), replayed);
        assertEquals(new RegionStore.Totals(300, 300, c.chain().get(299).hash()), region.store.totals(c.id()));
        assertTrue(region.store.alerts(c.id()).isEmpty());
    }

    @Test
    void aBatchThatWouldLeaveAGapIsNotStoredAndTheAnswerSaysWhereToResume() throws Exception {
        SimulatedCenter c = new SimulatedCenter("gap", START_MS);
        String secret = register(c.id());
        c.grow(100);
        answer(region.post(c.id(), secret, c.batch(1, 40)));
        UploadAnswer afterGap = answer(region.post(c.id(), secret, c.batch(61, 100)));
        assertEquals(40, afterGap.storedThrough());
        assertEquals(40, region.store.totals(c.id()).count());
        assertEquals(100, answer(region.post(c.id(), secret, c.batch(afterGap.storedThrough() + 1, 100)))
                .storedThrough());
    }

    @Test
    void aCenterPostingUnderAnotherCentersIdIsRefusedAndRaisesAnAlert() throws Exception {
        SimulatedCenter victim = new SimulatedCenter("victim", START_MS);
        SimulatedCenter intruder = new SimulatedCenter("intruder", START_MS);
        register(victim.id());
        String intruderSecret = register(intruder.id());
        victim.grow(10);
        HttpResponse<String> r = region.post(victim.id(), intruderSecret, victim.batch(1, 10));
        assertEquals(403, r.statusCode(), r.body());
        assertEquals(0, region.store.totals(victim.id()).count());
        List<Alert> alerts = region.store.alerts(intruder.id());
        assertEquals(1, alerts.size());
        assertEquals("wrong_center", alerts.get(0).kind());
        assertTrue(alerts.get(0).detail().contains("victim"), alerts.get(0).detail());
        assertEquals(401, region.post(victim.id(), "not-a-secret-of-anyone", victim.batch(1, 10)).statusCode());
        assertEquals(401, region.post(victim.id(), null, victim.batch(1, 10)).statusCode());
    }

    @Test
    void aBatchNamingAnotherCenterInItsBodyIsRefused() throws Exception {
        SimulatedCenter c = new SimulatedCenter("honest", START_MS);
        String secret = register(c.id());
        SimulatedCenter other = new SimulatedCenter("someone-else", START_MS);
        other.grow(5);
        assertEquals(400, region.post(c.id(), secret, other.batch(1, 5)).statusCode());
        assertEquals(0, region.store.totals(other.id()).count());
    }

    @Test
    void aRewrittenHistoricalEntryIsRefusedAndTheAlertNamesTheCenterAndEntry() throws Exception {
        SimulatedCenter c = new SimulatedCenter("rewriter", START_MS);
        String secret = register(c.id());
        c.grow(50);
        answer(region.post(c.id(), secret, c.batch(1, 50)));
        List<ChainedEntry> forged = new java.util.ArrayList<>(c.chain().subList(0, 50));
        String previous = ChainHash.GENESIS;
        for (int i = 0; i < forged.size(); i++) {
            ChainedEntry e = forged.get(i);
            String text = i == 19 ? SimulatedCenter.saleLine("rewriter-20", START_MS + 20 * 60_000, 0, 1_990) : e.entry();
            forged.set(i, new ChainedEntry(e.seq(), text, ChainHash.next(previous, text)));
            previous = forged.get(i).hash();
        }
        c.grow(10);
        List<ChainedEntry> withNew = new java.util.ArrayList<>(forged);
        String head = forged.get(49).hash();
        for (ChainedEntry e : c.chain().subList(50, 60)) {
            head = ChainHash.next(head, e.entry());
            withNew.add(new ChainedEntry(e.seq(), e.entry(), head));
        }
        HttpResponse<String> r = region.post(c.id(), secret, new UploadBatch(c.id(), withNew.subList(10, 60)));
        assertEquals(409, r.statusCode(), r.body());
        assertEquals(20, new JsonObject(r.body()).getLong("seq"));
        assertEquals(new RegionStore.Totals(50, 50, c.chain().get(49).hash()), region.store.totals(c.id()));
        List<Alert> alerts = region.store.alerts(c.id());
        assertEquals(1, alerts.size());
        assertEquals("chain_broken", alerts.get(0).kind());
        assertEquals(20L, alerts.get(0).seq());
        assertTrue(alerts.get(0).detail().contains("rewriter"), alerts.get(0).detail());
    }

    @Test
    void aNewEntryThatDoesNotChainOnTheStoredHeadIsRefused() throws Exception {
        SimulatedCenter c = new SimulatedCenter("unchained", START_MS);
        String secret = register(c.id());
        c.grow(20);
        answer(region.post(c.id(), secret, c.batch(1, 10)));
        ChainedEntry eleventh = c.chain().get(10);
        ChainedEntry bad = new ChainedEntry(11, eleventh.entry(), ChainHash.next(ChainHash.GENESIS, eleventh.entry()));
        HttpResponse<String> r = region.post(c.id(), secret, new UploadBatch(c.id(), List.of(bad)));
        assertEquals(409, r.statusCode(), r.body());
        assertEquals(10, region.store.totals(c.id()).count());
        assertEquals(11L, region.store.alerts(c.id()).get(0).seq());
    }

    @Test
    void dailyAggregatesAgreeWithTheEntriesAcrossAMonthBoundary() throws Exception {
        SimulatedCenter c = new SimulatedCenter("daily", START_MS);
        String secret = register(c.id());
        c.grow(400);
        answer(region.post(c.id(), secret, c.batch(1, 250)));
        answer(region.post(c.id(), secret, c.batch(200, 400)));
        long march = 0;
        long marchQty = 0;
        long april = 0;
        for (ChainedEntry e : c.chain()) {
            long t = START_MS + e.seq() * 60_000;
            int qty = (int) (e.seq() % 3) + 1;
            if (t < 1_774_972_800_000L) { // 2026-04-01T00:00 in Shanghai
                march++;
                marchQty += qty;
            } else {
                april++;
            }
        }
        DailyTotals.Sum m = region.store.dailySum(c.id(), "sale_line", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1));
        DailyTotals.Sum a = region.store.dailySum(c.id(), "sale_line", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 1));
        assertEquals(march, m.entries());
        assertEquals(marchQty, m.qty());
        assertEquals(marchQty * 1_990, m.amountFen());
        assertEquals(april, a.entries());
        assertTrue(march > 0 && april > 0, "the sales span both months");
    }

    @Test
    void theDailyReportGivesTheRegionAdminEachDayOfACenterAsTheAggregatesHoldIt() throws Exception {
        SimulatedCenter c = new SimulatedCenter("report", START_MS);
        answer(region.post(c.id(), register(c.id()), new UploadBatch(c.id(), c.grow(400))));
        String path = "/api/v1/reports/daily?from=2026-03-31&to=2026-04-01&center=" + c.id();
        HttpResponse<String> r = region.send(path, ADMIN, HttpRequest.newBuilder().GET());
        assertEquals(200, r.statusCode(), r.body());
        JsonObject report = new JsonObject(r.body());
        assertEquals(false, report.getBoolean("truncated"));
        JsonArray rows = report.getJsonArray("rows");
        assertEquals(2, rows.size(), rows.encode());
        long entries = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            LocalDate day = LocalDate.parse(row.getString("day"));
            assertEquals(LocalDate.of(2026, 3, 31).plusDays(i), day, "in day order");
            assertEquals(c.id(), row.getString("center"));
            assertEquals("sale_line", row.getString("src"));
            assertEquals("dy-rice-2500", row.getString("sku"));
            DailyTotals.Sum sum = region.store.dailySum(c.id(), "sale_line", day, day.plusDays(1));
            assertEquals(new DailyTotals.Sum(row.getLong("entries"), row.getLong("qty"), row.getLong("amount_fen")), sum);
            entries += row.getLong("entries");
        }
        assertEquals(400, entries, "every entry on one of the two days, once");
        assertEquals(401, region.send(path, null, HttpRequest.newBuilder().GET()).statusCode());
        assertEquals(401, region.send(path, register("report-2"), HttpRequest.newBuilder().GET()).statusCode(),
                "a center's upload secret is not the admin token");
        assertEquals(400, region.send("/api/v1/reports/daily?from=2026-04-02&to=2026-04-01", ADMIN,
                HttpRequest.newBuilder().GET()).statusCode());
        assertEquals(400, region.send("/api/v1/reports/daily?from=2026-04-01&to=2026-04-01&center=a%20b", ADMIN,
                HttpRequest.newBuilder().GET()).statusCode());
    }

    @Test
    void garbageBodiesAreRefusedWithoutStoringAnything() throws Exception {
        SimulatedCenter c = new SimulatedCenter("garbage", START_MS);
        String secret = register(c.id());
        for (String body : List.of("", "{", "[]", "{\"center\":\"garbage\",\"entries\":[{\"seq\":0}]}",
                "{\"center\":\"garbage\",\"entries\":[{\"seq\":1,\"entry\":\"{}\",\"hash\":\"zz\"}]}")) {
            assertEquals(400, region.post(c.id(), secret, body).statusCode(), body);
        }
        assertEquals(0, region.store.totals(c.id()).count());
    }

    @Test
    void batchesAsEntryLinesAreStoredAsJsonOnesAreAndBrokenLinesStoreNothing() throws Exception {
        SimulatedCenter c = new SimulatedCenter("lines", START_MS);
        String secret = register(c.id());
        c.grow(300);
        assertEquals(200, answer(region.postLines(c.id(), secret, EntryLines.encode(c.batch(1, 200)))).storedThrough());
        assertEquals(300, answer(region.post(c.id(), secret, c.batch(150, 300))).storedThrough());
        assertEquals(300, answer(region.postLines(c.id(), secret, EntryLines.encode(c.batch(1, 200)))).storedThrough());
        c.grow(100);
        byte[] next = EntryLines.encode(c.batch(301, 400));
        List<byte[]> broken = List.of(java.util.Arrays.copyOf(next, next.length - 1),
                new String(next, java.nio.charset.StandardCharsets.UTF_8).replace("\n", "\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                RegionCodec.encodeUtf8(c.batch(301, 400)));
        for (byte[] body : broken) {
            HttpResponse<String> r = region.postLines(c.id(), secret, body);
            assertEquals(400, r.statusCode(), r.body());
        }
        assertEquals(new RegionStore.Totals(300, 300, c.chain().get(299).hash()), region.store.totals(c.id()));
        assertTrue(region.store.alerts(c.id()).isEmpty(), "a broken body is no rewritten entry");
        assertEquals(400, answer(region.postLines(c.id(), secret, next)).storedThrough());
    }
}
