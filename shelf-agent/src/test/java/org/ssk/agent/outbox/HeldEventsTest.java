package org.ssk.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfEvent;

/** Events found while the outbox cannot write wait in memory, in order, and reach it once it can. */
class HeldEventsTest {
    @TempDir
    Path dir;

    private final List<ShelfEvent> stored = new ArrayList<>();

    private static ShelfEvent pick(Outbox o, long seq) {
        return new Pick("S1", o.epoch(), seq, 1_000 + seq, "1", "rice", 1, 2500);
    }

    @Test
    void eventsHeldWhileTheOutboxIsReadOnlyReachItInOrderOnceItWritesAgain() throws Exception {
        try (Outbox o = Outbox.open(dir, 100)) {
            HeldEvents held = new HeldEvents("S1", o, 100, stored::add);
            assertTrue(held.offer(pick(o, 1), 0));
            o.pragmaOnWriter("query_only = 1");
            for (long s = 2; s <= 6; s++) {
                assertFalse(held.offer(pick(o, s), s * 10));
            }
            assertEquals(5, held.size());
            assertTrue(held.fault().orElseThrow().contains("5 events held"), held.fault().toString());
            held.retry(1_000);
            assertEquals(5, held.size(), "still read-only");

            o.pragmaOnWriter("query_only = 0");
            held.retry(1_001);
            assertEquals(5, held.size(), "the next retry is not due yet: backing off");
            held.retry(1_000 + HeldEvents.RETRY_MAX_MS);
            assertEquals(0, held.size());
            assertTrue(held.fault().isEmpty());
            assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), stored.stream().map(ShelfEvent::seq).toList());
            assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(),
                    o.pending(0, 100).stream().map(Outbox.Entry::seq).toList());
        }
    }

    @Test
    void aNewEventWaitsBehindHeldOnesEvenWhenTheOutboxWouldTakeIt() throws Exception {
        try (Outbox o = Outbox.open(dir, 100)) {
            HeldEvents held = new HeldEvents("S1", o, 100, stored::add);
            o.pragmaOnWriter("query_only = 1");
            held.offer(pick(o, 1), 0);
            o.pragmaOnWriter("query_only = 0");
            assertFalse(held.offer(pick(o, 2), 1), "seq 2 must not overtake seq 1");
            held.retry(HeldEvents.RETRY_MIN_MS);
            assertEquals(List.of(1L, 2L), stored.stream().map(ShelfEvent::seq).toList());
        }
    }

    @Test
    void pastItsBoundItDropsAndCountsInsteadOfRunningOutOfMemory() throws Exception {
        try (Outbox o = Outbox.open(dir, 100)) {
            HeldEvents held = new HeldEvents("S1", o, 3, stored::add);
            o.pragmaOnWriter("query_only = 1");
            for (long s = 1; s <= 5; s++) {
                held.offer(pick(o, s), s);
            }
            assertEquals(3, held.size());
            assertEquals(2, held.dropped());
            assertTrue(held.fault().orElseThrow().contains("2 dropped"), held.fault().toString());
        }
    }
}
