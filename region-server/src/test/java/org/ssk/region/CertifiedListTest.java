package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.protocol.region.Certificate;
import org.ssk.protocol.region.CertifiedList;
import org.ssk.protocol.region.RegionCodec;
import org.ssk.sheets.Sheets;

/**
 * The certified-product list through the region's HTTP API on a private PostgreSQL: CSV and XLSX
 * imports by a region admin, every bad row named and nothing half-imported, the version as ETag
 * and 304 for a center that already holds it.
 */
@Timeout(300)
class CertifiedListTest {
    static final String ADMIN = "region-admin-token-for-tests-0123456789";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String CSV = """
            认定编号 number,产品名称 product,产品编码 sku,经营主体 producer,县 county,带动户数 households,有效期起 valid_from,有效期至 valid_until
            GD-2026-0001,东源仙湖茶 250g,dy-tea-250,东源县仙湖茶专业合作社,东源县,128,2026-01-01,2026-12-31
            GD-2026-0002,"东源大米 2.5kg, 袋装",dy-rice-2500,东源县稻香合作社,东源县,64,2026/1/1,2027/6/30
            """;

    static PrivatePostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
    }

    private static HttpResponse<String> importTable(RegionHarness region, String token, String type, byte[] body,
                                                    boolean replace) throws Exception {
        return region.send("/api/v1/certified/import" + (replace ? "?replace=true" : ""), token,
                HttpRequest.newBuilder().header("content-type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> fetch(RegionHarness region, String secret, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder().GET();
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return region.send("/api/v1/certified", secret, b);
    }

    @Test
    void aCsvImportIsServedWithItsVersionAsETagAndACenterHoldingItGets304() throws Exception {
        try (RegionHarness region = new RegionHarness(pg.newDatabase(), ADMIN)) {
            String secret = region.store.addCenter("c1", "center 1", System.currentTimeMillis());
            HttpResponse<String> empty = fetch(region, secret, null);
            assertEquals(200, empty.statusCode(), empty.body());
            assertEquals(CertifiedList.etag(0), empty.headers().firstValue("ETag").orElseThrow());

            HttpResponse<String> imported = importTable(region, ADMIN, "text/csv; charset=utf-8",
                    CSV.getBytes(StandardCharsets.UTF_8), false);
            assertEquals(200, imported.statusCode(), imported.body());
            JsonObject answer = new JsonObject(imported.body());
            assertEquals(1, answer.getLong("version"));
            assertEquals(2, answer.getInteger("added"));

            HttpResponse<String> got = fetch(region, secret, null);
            assertEquals(200, got.statusCode());
            assertEquals(CertifiedList.etag(1), got.headers().firstValue("ETag").orElseThrow());
            CertifiedList list = RegionCodec.decodeCertifiedList(got.body());
            assertEquals(new CertifiedList(1, List.of(
                    new Certificate("GD-2026-0001", "东源仙湖茶 250g", "dy-tea-250", "东源县仙湖茶专业合作社", "东源县", 128,
                            LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)),
                    new Certificate("GD-2026-0002", "东源大米 2.5kg, 袋装", "dy-rice-2500", "东源县稻香合作社", "东源县", 64,
                            LocalDate.of(2026, 1, 1), LocalDate.of(2027, 6, 30)))), list);

            HttpResponse<String> same = fetch(region, secret, CertifiedList.etag(1));
            assertEquals(304, same.statusCode());
            assertEquals("", same.body());
            assertEquals(200, fetch(region, secret, CertifiedList.etag(0)).statusCode());

            HttpResponse<String> again = importTable(region, ADMIN, "text/csv", CSV.getBytes(StandardCharsets.UTF_8),
                    false);
            assertEquals(1, new JsonObject(again.body()).getLong("version"), "an import that changes nothing keeps the version");
            assertEquals(304, fetch(region, secret, CertifiedList.etag(1)).statusCode());
        }
    }

    @Test
    void anXlsxImportReplacingTheListChangesTheVersionAndDropsWhatItLeftOut() throws Exception {
        try (RegionHarness region = new RegionHarness(pg.newDatabase(), ADMIN)) {
            String secret = region.store.addCenter("c2", "center 2", System.currentTimeMillis());
            assertEquals(200, importTable(region, ADMIN, "text/csv", CSV.getBytes(StandardCharsets.UTF_8), false)
                    .statusCode());
            // Dates as a spreadsheet stores them (day numbers), households as a number cell.
            byte[] xlsx = Sheets.toXlsx("认定清单", List.of(
                    List.of("certificate_number", "product", "sku", "producer", "county", "households", "valid_from",
                            "valid_until"),
                    List.of("GD-2026-0001", "东源仙湖茶 250g", "dy-tea-250", "东源县仙湖茶专业合作社", "东源县", 130, 46023,
                            46387)));
            HttpResponse<String> r = importTable(region, ADMIN, XLSX, xlsx, true);
            assertEquals(200, r.statusCode(), r.body());
            JsonObject answer = new JsonObject(r.body());
            assertEquals(2, answer.getLong("version"));
            assertEquals(1, answer.getInteger("updated"));
            assertEquals(1, answer.getInteger("removed"));
            CertifiedList list = RegionCodec.decodeCertifiedList(fetch(region, secret, CertifiedList.etag(1)).body());
            assertEquals(List.of(new Certificate("GD-2026-0001", "东源仙湖茶 250g", "dy-tea-250", "东源县仙湖茶专业合作社",
                    "东源县", 130, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))), list.certificates());
        }
    }

    @Test
    void anImportWithBadRowsNamesEachAndStoresNothing() throws Exception {
        try (RegionHarness region = new RegionHarness(pg.newDatabase(), ADMIN)) {
            String secret = region.store.addCenter("c3", "center 3", System.currentTimeMillis());
            String bad = CSV + """
                    GD-2026-0003,坏行,bad sku!,某合作社,东源县,10,2026-01-01,2026-12-31
                    GD-2026-0004,日期反了,dy-honey-500,某合作社,东源县,10,2026-12-31,2026-01-01
                    GD-2026-0001,重复编号,dy-oil-500,某合作社,东源县,ten,2026-01-01,2026-12-31
                    """;
            HttpResponse<String> r = importTable(region, ADMIN, "text/csv", bad.getBytes(StandardCharsets.UTF_8), false);
            assertEquals(400, r.statusCode(), r.body());
            List<Object> errors = new JsonObject(r.body()).getJsonArray("errors").getList();
            assertEquals(3, errors.size(), errors.toString());
            assertTrue(errors.get(0).toString().startsWith("row 4 (GD-2026-0003): SKU"), errors.toString());
            assertTrue(errors.get(1).toString().startsWith("row 5 (GD-2026-0004): valid until"), errors.toString());
            assertTrue(errors.get(2).toString().startsWith("row 6 (GD-2026-0001): households"), errors.toString());
            CertifiedList list = RegionCodec.decodeCertifiedList(fetch(region, secret, null).body());
            assertEquals(new CertifiedList(0, List.of()), list, "nothing of the import was stored");

            HttpResponse<String> noHeader = importTable(region, ADMIN, "text/csv",
                    "number,product\nX,Y\n".getBytes(StandardCharsets.UTF_8), false);
            assertEquals(400, noHeader.statusCode());
            assertTrue(noHeader.body().contains("column sku"), noHeader.body());
        }
    }

    /** A workbook-shaped ZIP whose one part inflates to {@code size} bytes: the zip-bomb limits refuse it. */
    private static byte[] bomb(int size) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/sharedStrings.xml"));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int w = 0; w < size; w += chunk.length) {
                zip.write(chunk);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void onlyTheRegionAdminImportsAndOnlyRegisteredCentersRead() throws Exception {
        try (RegionHarness region = new RegionHarness(pg.newDatabase(), ADMIN)) {
            byte[] csv = CSV.getBytes(StandardCharsets.UTF_8);
            assertEquals(401, importTable(region, null, "text/csv", csv, false).statusCode());
            assertEquals(401, importTable(region, ADMIN + "x", "text/csv", csv, false).statusCode());
            String secret = region.store.addCenter("c4", "center 4", System.currentTimeMillis());
            assertEquals(401, importTable(region, secret, "text/csv", csv, false).statusCode(),
                    "a center's secret is not an admin token");
            assertEquals(401, fetch(region, null, null).statusCode());
            assertEquals(401, fetch(region, ADMIN, null).statusCode());
            assertEquals(415, importTable(region, ADMIN, XLSX, csv, false).statusCode());
            HttpResponse<String> bomb = importTable(region, ADMIN, XLSX,
                    bomb(70 << 20), false);
            assertEquals(413, bomb.statusCode(), bomb.body());
        }
        try (RegionHarness noAdmin = new RegionHarness(pg.newDatabase())) {
            assertEquals(403, importTable(noAdmin, ADMIN, "text/csv", CSV.getBytes(StandardCharsets.UTF_8), false)
                    .statusCode());
        }
    }
}
