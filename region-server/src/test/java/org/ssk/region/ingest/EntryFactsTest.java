package org.ssk.region.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryFactsTest {
    private static final String OLD = "{\"src\":\"shelf_event\",\"event_id\":\"S1/p1/2\",\"type\":\"pick\",\"shelf\":\"S1\","
            + "\"lane\":\"1\",\"sku\":\"dy-rice-2500\",\"t_ms\":1796454556000,\"qty\":1,\"grams\":2500.0,\"detail\":null,"
            + "\"received_ms\":1796454556829}";

    @Test
    void aShelfEventReadsTheSameWhetherItsCenterStoredUnseenOrNot() {
        EntryFacts old = EntryFacts.of(OLD);
        assertEquals(new EntryFacts("shelf_event", "pick", "dy-rice-2500", 1796454556000L, 1, 0), old);
        assertEquals(old, EntryFacts.of(OLD.replace("}", ",\"unseen\":1}")));
        assertEquals(old, EntryFacts.of(OLD.replace("}", ",\"unseen\":null}")));
    }

    @Test
    void aSaleLineCountsItsAmountAndNestedOrRepeatedFieldsReadAsTheTreeWouldHave() {
        String sale = "{\"src\":\"sale_line\",\"order_id\":\"o1\",\"line_no\":1,\"channel\":\"pos\","
                + "\"t_ms\":1796454556000,\"sku\":\"dy-rice-2500\",\"qty\":2,\"price_fen\":1990,\"amount_fen\":3980,"
                + "\"refers_to\":null}";
        assertEquals(new EntryFacts("sale_line", "pos", "dy-rice-2500", 1796454556000L, 2, 3980), EntryFacts.of(sale));
        assertEquals(new EntryFacts("sale_line", "pos", "dy-rice-2500", 1796454556000L, 2, 3980),
                EntryFacts.of(sale.replace("\"refers_to\":null", "\"x\":{\"sku\":\"inner\",\"qty\":[9,{\"a\":1}]}")));
        assertEquals(new EntryFacts("sale_line", "pos", "dy-rice-2500", 1796454556000L, 7, 3980),
                EntryFacts.of(sale.replace("}", ",\"qty\":7}")));
    }

    @Test
    void anEntryThatIsNoObjectOrHasNoUsableTimeOrNumbersIsStillRead() {
        EntryFacts unreadable = new EntryFacts("", "unreadable", "", null, 0, 0);
        assertEquals(unreadable, EntryFacts.of("not json"));
        assertEquals(unreadable, EntryFacts.of("[1,2]"));
        assertEquals(unreadable, EntryFacts.of("{\"src\":\"sale_line\",\"qty\":"));
        assertEquals(new EntryFacts("stock_entry", "count", "", null, 0, 0),
                EntryFacts.of("{\"src\":\"stock_entry\",\"kind\":\"count\",\"t_ms\":12,\"qty\":1.5,\"amount_fen\":9,"
                        + "\"sku\":7}"));
        assertEquals(new EntryFacts("shelf_event", "pick", "", null, 0, 0),
                EntryFacts.of("{\"src\":\"shelf_event\",\"type\":\"pick\",\"t_ms\":\"1796454556000\","
                        + "\"qty\":123456789012345678901234567890}"));
    }

    @Test
    void anEntrysDayIsTheDayOfItsTimeInTheRegionsZoneAndItsPartitionMonthStaysUtc() {
        long halfPastSevenInShanghai = 1_796_081_400_000L; // 2026-11-30T23:30Z = 2026-12-01T07:30+08:00
        EntryFacts f = new EntryFacts("sale_line", "pos", "x", halfPastSevenInShanghai, 1, 100);
        assertEquals(LocalDate.of(2026, 12, 1), f.day(ZoneId.of("Asia/Shanghai")));
        assertEquals(LocalDate.of(2026, 11, 30), f.day(ZoneId.of("UTC")));
        assertEquals(LocalDate.of(2026, 11, 1), f.month(), "the storage partition is the UTC month");
        assertEquals(LocalDate.of(2026, 12, 1), DailyTotals.of(List.of(f), ZoneId.of("Asia/Shanghai")).keySet().iterator()
                .next().day());
    }
}
