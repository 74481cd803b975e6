package org.ssk.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.HubAck;
import org.ssk.protocol.Pick;

/** The end-to-end acknowledgement account of {@link Confirmations}, with a real outbox file. */
class ConfirmationsTest {
    @TempDir
    Path dir;

    @Test
    void aPubackConfirmsNothingWhileTheHubSendsAcksAndTheHubsAckRemovesOnlyWhatItNames() throws Exception {
        try (Outbox outbox = Outbox.open(dir, 100)) {
            append(outbox, 3);
            Confirmations c = new Confirmations();
            Confirmations.Sent sent = Confirmations.message(1, List.of(1L, 2L, 3L), true, System.nanoTime());
            c.add(sent);

            assertFalse(c.brokerAcked(sent), "a PUBACK is not the hub's word");
            c.removeConfirmed(outbox);
            assertEquals(3, outbox.pendingCount());

            assertTrue(c.hubAcked(new HubAck("S1", List.of("S1/" + outbox.epoch() + "/1", "S1/" + outbox.epoch() + "/2")),
                    "S1", outbox.epoch()));
            c.removeConfirmed(outbox);
            assertEquals(1, outbox.pendingCount());
            assertEquals(1, c.inflight(), "the message keeps its slot until all its events are confirmed");

            assertFalse(c.hubAcked(new HubAck("S1", List.of("S1/another-epoch/3", "S1/" + outbox.epoch() + "/x")),
                    "S1", outbox.epoch()), "ids of another epoch, or malformed, confirm nothing");
            c.hubAcked(new HubAck("S1", List.of("S1/" + outbox.epoch() + "/3")), "S1", outbox.epoch());
            c.removeConfirmed(outbox);
            assertEquals(0, outbox.pendingCount());
            assertEquals(0, c.inflight());
        }
    }

    @Test
    void withoutHubAcksThePubackConfirmsTheMessageAndAnOverdueHubAckIsReported() throws Exception {
        try (Outbox outbox = Outbox.open(dir, 100)) {
            append(outbox, 2);
            Confirmations c = new Confirmations();
            Confirmations.Sent old = Confirmations.message(1, List.of(1L), false, 0);
            c.add(old);
            assertTrue(c.brokerAcked(old));
            c.removeConfirmed(outbox);
            assertEquals(1, outbox.pendingCount());
            assertEquals(0, c.inflight());

            Confirmations.Sent waiting = Confirmations.message(1, List.of(2L), true, 0);
            c.add(waiting);
            assertTrue(c.overdue(5_000_000_000L, 1_000).isPresent());
            assertTrue(c.overdue(500_000_000L, 1_000).isEmpty());
            c.clear();
            assertEquals(0, c.inflight());
        }
    }

    private static void append(Outbox outbox, int n) throws Exception {
        for (long s = 1; s <= n; s++) {
            outbox.append(new Pick("S1", outbox.epoch(), s, 1_000 + s, "1", "rice", 1, 2500));
        }
    }
}
