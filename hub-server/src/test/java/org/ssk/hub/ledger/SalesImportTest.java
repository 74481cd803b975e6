package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.sheets.Sheets;

class SalesImportTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;
    JdbcLedger ledger;
    SalesImport sales;

    @BeforeEach
    void open() throws Exception {
        Database db = TestDatabases.sqlite(dir);
        SampleCatalog.load(new Catalog(db), 1_000);
        ledger = new JdbcLedger(db, Clock.systemUTC());
        sales = new SalesImport(ledger, ZONE);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static List<List<String>> csv(String text) {
        return Sheets.fromCsv(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rowsOfOneOrderBecomeOneSaleAndASecondImportRecordsNothing() throws Exception {
        String file = """
                order_id,channel,time,sku,qty,shelf
                POS-1001,pos,2026-11-23 10:15:00,ly-kiwi-1000,2,shelf-02
                POS-1001,pos,2026-11-23 10:15:00,ly-honey-500,1,shelf-02
                WEB-77,online,2026-11-23T03:00:00Z,dy-rice-2500,1,
                """;

        SalesImport.Result first = sales.importRows(csv(file));
        SalesImport.Result again = sales.importRows(csv(file));

        assertEquals(new SalesImport.Result(2, 0, List.of()), first);
        assertEquals(new SalesImport.Result(0, 2, List.of()), again);
        List<SaleLine> lines = ledger.sales(0, Long.MAX_VALUE);
        assertEquals(3, lines.size());
        assertEquals(List.of("POS-1001", "POS-1001", "WEB-77"), lines.stream().map(SaleLine::orderId).toList());
    }

    @Test
    void aFileWithBadRowsNamesEachRowAndRecordsNothing() throws Exception {
        String file = """
                order_id,channel,time,sku,qty
                POS-1,pos,2026-11-23 10:15:00,ly-kiwi-1000,2
                POS-2,pos,yesterday,ly-kiwi-1000,1
                POS-3,pos,2026-11-23 10:20:00,ly-kiwi-1000,two
                POS-4,fax,2026-11-23 10:25:00,ly-kiwi-1000,1
                """;

        SalesImport.Result result = sales.importRows(csv(file));

        assertEquals(3, result.errors().size(), result.errors().toString());
        assertTrue(result.errors().get(0).startsWith("row 3: time must be like"));
        assertTrue(result.errors().get(1).startsWith("row 4: qty is not a whole number"));
        assertTrue(result.errors().get(2).contains("channel must be pos, online or kiosk"));
        assertEquals(List.of(), ledger.sales(0, Long.MAX_VALUE));
    }

    @Test
    void aFileWithoutTheRequiredColumnsIsRefusedAtTheHeader() throws Exception {
        SalesImport.Result result = sales.importRows(csv("order,sku\nPOS-1,ly-kiwi-1000\n"));

        assertEquals(List.of("row 1: missing columns [order_id, channel, time, qty]"), result.errors());
    }
}
