package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeparturesTest {
    private static final long WINDOW = 60_000;

    private static StoredEvent e(String type, String lane, long t, int qty) {
        return new StoredEvent(t, "S1/e/" + t, type, "S1", lane, "sku-" + lane, t, qty, 0, null, t, null);
    }

    @Test
    void aPickPutBackWithinTheWindowIsNoDeparture() {
        var r = Departures.of(List.of(e("pick", "1", 0, 1), e("putback", "1", 30_000, 1)), WINDOW, 1_000_000);
        assertEquals(0, r.departedQty());
        assertEquals(0, r.pendingQty());
    }

    @Test
    void aPickNotPutBackWithinTheWindowDepartsAtThePickTime() {
        var r = Departures.of(List.of(e("pick", "1", 1_000, 2), e("putback", "1", 90_000, 1)), WINDOW, 1_000_000);
        assertEquals(List.of(new Departures.Departure("S1", "1", "sku-1", 1_000, 2)), r.departures());
        assertEquals(1, r.lateReturnQty());
    }

    @Test
    void aPutbackCancelsTheMostRecentPickAndAYoungPickIsStillPending() {
        var r = Departures.of(List.of(e("pick", "1", 0, 1), e("pick", "1", 50_000, 1), e("putback", "1", 55_000, 1),
                e("pick", "2", 100_000, 3)), WINDOW, 120_000);
        assertEquals(List.of(new Departures.Departure("S1", "1", "sku-1", 0, 1)), r.departures());
        assertEquals(3, r.pendingQty());
    }

    @Test
    void departuresWithoutASaleAreUnsoldAndShelfSalesWithoutADepartureAreUnpicked() {
        var deps = List.of(new Departures.Departure("S1", "1", "a", 0, 3), new Departures.Departure("S1", "2", "b", 0, 1));
        var sales = List.of(new SaleLine(1, "P1", 1, "pos", 10, "a", 2, 100, 200, "S1", null),
                new SaleLine(2, "P2", 1, "pos", 10, "b", 2, 100, 200, "S1", null),
                new SaleLine(3, "W1", 1, "online", 10, "b", 5, 100, 500, null, null));
        assertEquals(List.of(new Departures.Match("a", 3, 2, 2, 1, 0), new Departures.Match("b", 1, 2, 1, 0, 1)),
                Departures.match(deps, sales));
    }
}
