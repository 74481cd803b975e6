package org.ssk.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ssk.agent.detect.Detection;
import org.ssk.protocol.Pick;

class EventStamperTest {
    @Test
    void numberingStartsAfterTheHighWaterMarkAndCarriesTheLanesSku() {
        EventStamper s = new EventStamper("S1", "abc", 41);
        s.assign("2", "rice");
        Pick p = (Pick) s.stamp(Detection.counted(Detection.Type.PICK, 5, "2", 1, 2500));
        assertEquals(42, p.seq());
        assertEquals("S1/abc/42", p.id());
        assertEquals("rice", p.sku());
    }

    @Test
    void aDetectionTheProtocolRejectsTakesNoSequenceNumber() {
        EventStamper s = new EventStamper("S1", "abc", 0);
        assertThrows(IllegalArgumentException.class, () -> s.stamp(Detection.lift(5, "1", Double.NaN)));
        assertEquals(0, s.lastSeq());
        assertEquals(1, s.stamp(Detection.lift(6, "1", 300)).seq());
    }
}
