package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadBatch;

/**
 * A region with two centers for the console's tests: a certified list (two SKUs, one expiring
 * on 2026-11-30, one SKU never certified), sale lines of both centers uploaded as hash-chained
 * batches, and each center's status report (center {@code c1} says it has {@value #C1_HEAD}
 * entries, two more than it uploaded). The test's expected figures come from {@link #sales}.
 */
final class ConsoleFixture {
    static final String ADMIN_TOKEN = "region-admin-token-for-console-tests-0123";
    static final String ADMIN = "boss";
    static final String ADMIN_PASSWORD = "admin-password-1";
    static final long C1_HEAD = 6;

    /** One uploaded sale line, with what the test knows of its SKU's certificate on that day. */
    record Sale(String center, LocalDate day, String sku, int qty, long priceFen, String county, String producer,
                int households, boolean certified) {
        long amountFen() {
            return qty * priceFen;
        }
    }

    static final String CERTIFICATES = """
            number,product,sku,producer,county,households,valid_from,valid_until
            GD-2026-0001,东源大米 2.5kg,dy-rice-2500,东源县稻香合作社,东源县,12,2026-01-01,2026-12-31
            GZ-2026-0007,=1+1 都匀毛尖,gz-tea-100,都匀茶业合作社,都匀市,30,2026-01-01,2026-11-30
            """;

    static final LocalDate D1 = LocalDate.of(2026, 11, 2);
    static final LocalDate D2 = LocalDate.of(2026, 11, 10);
    static final LocalDate D3 = LocalDate.of(2026, 12, 1);

    final List<Sale> sales = List.of(
            new Sale("c1", D1, "dy-rice-2500", 2, 1_990, "东源县", "东源县稻香合作社", 12, true),
            new Sale("c1", D2, "gz-tea-100", 1, 3_500, "都匀市", "都匀茶业合作社", 30, true),
            new Sale("c1", D3, "xx-honey-500", 4, 2_000, null, null, 0, false),
            new Sale("c1", D3, "dy-rice-2500", 1, 1_990, "东源县", "东源县稻香合作社", 12, true),
            new Sale("c2", D1, "dy-rice-2500", 3, 1_990, "东源县", "东源县稻香合作社", 12, true),
            // The tea's certificate ended on 2026-11-30: not certified on this day.
            new Sale("c2", D3, "gz-tea-100", 2, 3_500, "都匀市", "都匀茶业合作社", 30, false));

    final Map<String, String> secrets = new LinkedHashMap<>();

    /** Registers the centers, imports the list, uploads every sale and sends both status reports. */
    void load(RegionHarness region) throws Exception {
        secrets.put("c1", region.store.addCenter("c1", "东源消费帮扶中心", System.currentTimeMillis()));
        secrets.put("c2", region.store.addCenter("c2", "都匀消费帮扶中心", System.currentTimeMillis()));
        HttpResponse<String> imported = region.send("/api/v1/certified/import", ADMIN_TOKEN, HttpRequest.newBuilder()
                .header("content-type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(CERTIFICATES,
                        StandardCharsets.UTF_8)));
        assertEquals(200, imported.statusCode(), imported.body());
        for (String center : secrets.keySet()) {
            List<ChainedEntry> chain = chain(center);
            assertEquals(200, region.post(center, secrets.get(center), new UploadBatch(center, chain)).statusCode());
        }
        assertEquals(204, status(region, "c1", C1_HEAD, 1, 2).statusCode());
        assertEquals(204, status(region, "c2", chain("c2").size(), 0, 0).statusCode());
    }

    HttpResponse<String> status(RegionHarness region, String center, long head, int offline, int alerts)
            throws Exception {
        return region.send("/api/v1/centers/" + center + "/status", secrets.get(center), HttpRequest.newBuilder()
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"head_seq\":" + head + ",\"offline_shelves\":" + offline + ",\"open_alerts\":" + alerts + "}")));
    }

    List<Sale> of(String center) {
        return sales.stream().filter(s -> s.center().equals(center)).toList();
    }

    /** The center's sale lines in the hub's canonical form, chained from the genesis hash. */
    List<ChainedEntry> chain(String center) {
        List<ChainedEntry> out = new ArrayList<>();
        String previous = ChainHash.GENESIS;
        int seq = 0;
        for (Sale s : of(center)) {
            seq++;
            long t = s.day().atTime(10, seq).toInstant(ZoneOffset.UTC).toEpochMilli();
            String entry = "{\"src\":\"sale_line\",\"order_id\":\"" + center + "-" + seq + "\",\"line_no\":1,"
                    + "\"channel\":\"pos\",\"t_ms\":" + t + ",\"sku\":\"" + s.sku() + "\",\"qty\":" + s.qty()
                    + ",\"price_fen\":" + s.priceFen() + ",\"amount_fen\":" + s.amountFen()
                    + ",\"shelf\":\"S1\",\"refers_to\":null,\"received_ms\":" + t + "}";
            String hash = ChainHash.next(previous, entry);
            out.add(new ChainedEntry(seq, entry, hash));
            previous = hash;
        }
        return out;
    }
}
