package org.ssk.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

class PlausibilityTest {
    private static final long NOW = Instant.parse("2026-12-05T08:00:00Z").toEpochMilli();
    private static final Plausibility.Planogram S1 = new Plausibility.Planogram("S1", 7, Map.of(
            "1", new Plausibility.Lane("1", "dy-rice-2500", 2530),
            "3", new Plausibility.Lane("3", "dy-teaoil-500", 780),
            "9", new Plausibility.Lane("9", null, 0)));
    private final Plausibility check = new Plausibility(Plausibility.Settings.defaults());

    private Optional<Plausibility.Kind> kind(ShelfEvent e) {
        return check.check(e, S1, NOW).map(Plausibility.Verdict::kind);
    }

    private static Pick pick(long t, String lane, String sku, int qty) {
        return new Pick("S1", "e", 1, t, lane, sku, qty, Math.min(qty * 2530.0, 999_000));
    }

    @Test
    void aPickNowOnItsLaneWithItsSkuIsPlausible() {
        assertEquals(Optional.empty(), kind(pick(NOW, "1", "dy-rice-2500", 2)));
    }

    @Test
    void aTimeInThe2100sOrIn1970IsAShelfClockProblem() {
        assertEquals(Optional.of(Plausibility.Kind.SHELF_CLOCK),
                kind(pick(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli(), "1", "dy-rice-2500", 1)));
        assertEquals(Optional.of(Plausibility.Kind.SHELF_CLOCK), kind(pick(0, "1", "dy-rice-2500", 1)));
        assertEquals(Optional.of(Plausibility.Kind.SHELF_CLOCK), kind(pick(NOW + 11 * 60_000, "1", "dy-rice-2500", 1)));
    }

    @Test
    void aBacklogReplayedWeeksAfterAnOutageAndASlightlyFastClockArePlausible() {
        assertEquals(Optional.empty(), kind(pick(NOW - 30L * 86_400_000L, "1", "dy-rice-2500", 1)));
        assertEquals(Optional.empty(), kind(pick(NOW + 9 * 60_000, "1", "dy-rice-2500", 1)));
    }

    @Test
    void aLaneNotOnTheShelfOrAnotherShelfsSkuIsAPlanogramMismatch() {
        assertEquals(Optional.of(Plausibility.Kind.PLANOGRAM_MISMATCH), kind(pick(NOW, "7", "dy-rice-2500", 1)));
        assertEquals(Optional.of(Plausibility.Kind.PLANOGRAM_MISMATCH), kind(pick(NOW, "1", "ly-honey-500", 1)));
        assertEquals(Optional.of(Plausibility.Kind.PLANOGRAM_MISMATCH), kind(pick(NOW, "1", null, 1)));
        assertEquals(Optional.of(Plausibility.Kind.PLANOGRAM_MISMATCH),
                check.check(pick(NOW, "1", "dy-rice-2500", 1), null, NOW).map(Plausibility.Verdict::kind));
    }

    @Test
    void liftsAndAnomaliesWithoutASkuOnAKnownLaneArePlausible() {
        assertEquals(Optional.empty(), kind(new Lift("S1", "e", 1, NOW, "1", null, -2530)));
        assertEquals(Optional.empty(), kind(new Anomaly("S1", "e", 1, NOW, "9", null, Anomaly.Kind.FOREIGN_ITEM, 300, "")));
    }

    @Test
    void moreItemsThanTheLaneHoldsIsAnImplausibleQuantity() {
        int capacity = check.capacity(S1.lanes().get("3"));
        assertEquals(64, capacity, "50 kg over 780 g");
        assertEquals(Optional.empty(), kind(new Restock("S1", "e", 1, NOW, "3", "dy-teaoil-500", capacity, capacity * 780.0)));
        assertEquals(Optional.of(Plausibility.Kind.IMPLAUSIBLE_QUANTITY),
                kind(new Restock("S1", "e", 1, NOW, "3", "dy-teaoil-500", capacity + 1, 780.0)));
        assertEquals(Optional.of(Plausibility.Kind.IMPLAUSIBLE_QUANTITY), kind(pick(NOW, "1", "dy-rice-2500", 1000)));
        assertEquals(Optional.of(Plausibility.Kind.IMPLAUSIBLE_QUANTITY),
                kind(new Pick("S1", "e", 1, NOW, "1", "dy-rice-2500", 1, 900_000)));
    }

    @Test
    void theReasonNamesThePlanogramVersionItWasJudgedAgainst() {
        String reason = check.check(pick(NOW, "1", "ly-honey-500", 1), S1, NOW).orElseThrow().reason();
        assertTrue(reason.contains("version 7"), reason);
    }

}
