package org.ssk.region.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
