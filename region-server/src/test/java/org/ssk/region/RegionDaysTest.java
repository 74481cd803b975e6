package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadBatch;

/**
 * The region's days are its zone's: a sale at 07:30 in Shanghai (23:30 UTC the day before) is
 * counted on the Shanghai day in the daily report, the console's day and month reports, the upward
 * report and the expired-certificate report; the same sales under zone UTC fall on UTC days. Each
 * sale's day in either zone is written into the test's table by hand; the expected figures are
 * the test's own sums of that table.
 */
@Timeout(300)
class RegionDaysTest {
    static final String ADMIN_TOKEN = "days-admin-token-of-at-least-thirty-two-characters";
    static final String ADMIN = "days-admin";
    static final String ADMIN_PASSWORD = "a long enough password 7";

    /** One sale line: its time, quantity, price, and its day in Shanghai and in UTC (by hand). */
    record Sale(String time, int qty, long priceFen, String shanghaiDay, String utcDay, boolean expiredCert) {
        long tMs() {
            return Instant.parse(time).toEpochMilli();
        }

        long amountFen() {
            return qty * priceFen;
        }

        String day(String zone) {
            return zone.equals("UTC") ? utcDay : shanghaiDay;
        }
    }

    static final List<Sale> SALES = List.of(
            new Sale("2026-11-30T23:30:00Z", 2, 1_990, "2026-12-01", "2026-11-30", true),
            new Sale("2026-11-30T10:00:00Z", 1, 500, "2026-11-30", "2026-11-30", false),
            new Sale("2026-12-01T15:59:00Z", 3, 100, "2026-12-01", "2026-12-01", false),
            new Sale("2026-12-01T16:30:00Z", 1, 700, "2026-12-02", "2026-12-01", false),
            new Sale("2026-10-31T16:00:00Z", 4, 250, "2026-11-01", "2026-10-31", false));

    static PrivatePostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    /** The center's chain of {@link #SALES}, in the hub's canonical form, chained from the genesis hash. */
    static List<ChainedEntry> chain(String center) {
        List<ChainedEntry> out = new ArrayList<>();
        String previous = ChainHash.GENESIS;
        for (Sale s : SALES) {
            long seq = out.size() + 1;
            String entry = "{\"src\":\"sale_line\",\"order_id\":\"" + center + "-" + seq + "\",\"line_no\":1,"
                    + "\"channel\":\"pos\",\"t_ms\":" + s.tMs() + ",\"sku\":\"dy-rice-2500\",\"qty\":" + s.qty()
                    + ",\"price_fen\":" + s.priceFen() + ",\"amount_fen\":" + s.amountFen()
                    + ",\"shelf\":\"S1\",\"refers_to\":null,\"received_ms\":" + s.tMs() + ",\"cert_state\":\""
                    + (s.expiredCert() ? "expired" : "certified") + "\",\"cert_number\":\"GD-DY-2026-0012\"}";
            previous = ChainHash.next(previous, entry);
            out.add(new ChainedEntry(seq, entry, previous));
        }
        return out;
    }

    /** Units and amount per day or per month ({@code chars} 10 or 7 of the day) in {@code zone}, summed here. */
    static Map<String, long[]> expected(String zone, int chars) {
        Map<String, long[]> out = new TreeMap<>();
        for (Sale s : SALES) {
            long[] v = out.computeIfAbsent(s.day(zone).substring(0, chars), k -> new long[3]);
            v[0] += s.qty();
            v[1] += s.amountFen();
            v[2]++;
        }
        return out;
    }

    private static RegionHarness regionWithSales(String zone) throws Exception {
        RegionHarness region = new RegionHarness(pg.newDatabase(), 0, ADMIN_TOKEN, zone);
        try {
            String secret = region.register("c1");
            assertEquals(200, region.post("c1", secret, new UploadBatch("c1", chain("c1"))).statusCode());
            region.store.accounts(4).createFirstAdmin(ADMIN, ADMIN_PASSWORD.toCharArray());
            return region;
        } catch (Exception | Error e) {
            region.close();
            throw e;
        }
    }

    @Test
    void aSaleAtHalfPastSevenInShanghaiIsCountedOnThatShanghaiDayEverywhere() throws Exception {
        try (RegionHarness region = regionWithSales("Asia/Shanghai")) {
            assertEveryReportCountsDaysOf(region, "Asia/Shanghai");
        }
    }

    @Test
    void theSameSalesUnderZoneUtcFallOnUtcDays() throws Exception {
        try (RegionHarness region = regionWithSales("UTC")) {
            assertEveryReportCountsDaysOf(region, "UTC");
        }
    }

    private static void assertEveryReportCountsDaysOf(RegionHarness region, String zone) throws Exception {
        Map<String, long[]> days = expected(zone, 10);
        Map<String, long[]> months = expected(zone, 7);

        HttpResponse<String> daily = region.send("/api/v1/reports/daily?from=2026-10-01&to=2026-12-31", ADMIN_TOKEN,
                HttpRequest.newBuilder().GET());
        assertEquals(200, daily.statusCode(), daily.body());
        Map<String, long[]> got = new TreeMap<>();
        for (Object o : new JsonObject(daily.body()).getJsonArray("rows")) {
            JsonObject r = (JsonObject) o;
            got.put(r.getString("day"), new long[] {r.getLong("qty"), r.getLong("amount_fen"), r.getLong("entries")});
        }
        assertEquals(text(days), text(got), "the daily report's days in " + zone);

        ConsoleSession admin = ConsoleSession.signIn(region, ADMIN, ADMIN_PASSWORD);
        assertEquals(text(days), text(consoleReport(admin, "day", "2026-10-01", "2026-12-31")), "console by day");
        assertEquals(text(months), text(consoleReport(admin, "month", "2026-10-01", "2026-12-31")), "console by month");

        long[] december = months.get("2026-12");
        HttpResponse<byte[]> csv = admin.bytes("/api/v1/console/upward.csv?from=2026-12-01&to=2026-12-31");
        assertEquals(200, csv.statusCode());
        String[] lines = new String(csv.body(), StandardCharsets.UTF_8).strip().split("\r?\n");
        String total = lines[lines.length - 1];
        assertTrue(total.endsWith("," + december[0] + "," + java.math.BigDecimal.valueOf(december[1], 2)),
                "the upward report's December total in " + zone + ": " + total);

        String expiredDay = SALES.get(0).day(zone);
        assertEquals(1, expiredSales(region, expiredDay).size(), "the expired-certificate sale on " + expiredDay);
        String otherDay = expiredDay.equals("2026-12-01") ? "2026-11-30" : "2026-12-01";
        assertEquals(0, expiredSales(region, otherDay).size(), "none on " + otherDay);

        HttpResponse<String> z = admin.get("/api/v1/console/zone");
        assertEquals(200, z.statusCode(), z.body());
        assertEquals(zone, new JsonObject(z.body()).getString("zone"));
        LocalDate before = LocalDate.now(ZoneId.of(zone));
        HttpResponse<String> recent = admin.get("/api/v1/console/reports/day");
        LocalDate after = LocalDate.now(ZoneId.of(zone));
        String to = new JsonObject(recent.body()).getString("to");
        assertTrue(to.equals(before.toString()) || to.equals(after.toString()),
                "the default period ends today in " + zone + ": " + to);
    }

    private static Map<String, long[]> consoleReport(ConsoleSession admin, String dimension, String from, String to)
            throws Exception {
        HttpResponse<String> r = admin.get("/api/v1/console/reports/" + dimension + "?from=" + from + "&to=" + to);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, long[]> out = new TreeMap<>();
        for (Object o : new JsonObject(r.body()).getJsonArray("rows")) {
            JsonObject row = (JsonObject) o;
            out.put(row.getString("key"), new long[] {row.getLong("units"), row.getLong("amount_fen")});
        }
        return out;
    }

    private static JsonArray expiredSales(RegionHarness region, String day) throws Exception {
        HttpResponse<String> r = region.send("/api/v1/reports/expired-cert-sales?from=" + day + "&to=" + day,
                ADMIN_TOKEN, HttpRequest.newBuilder().GET());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("sales");
    }

    /** Day or month with units and amount (the first two figures), comparable as text. */
    private static String text(Map<String, long[]> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append(' ').append(v[0]).append(' ').append(v[1]).append('\n'));
        return b.toString();
    }
}
