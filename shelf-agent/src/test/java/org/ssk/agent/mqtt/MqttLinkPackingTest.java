package org.ssk.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Pick;
import org.ssk.protocol.PayloadException;
import org.ssk.protocol.ShelfEvent;

/** How {@link MqttLink} cuts pending outbox entries into event-topic messages ({@link Packing}). */
class MqttLinkPackingTest {
    private static Outbox.Entry entry(long seq) {
        Pick p = new Pick("P1", "abcdefghij", seq, 1_000 + seq, "1", "rice", 1, 2500);
        return new Outbox.Entry(seq, p.id(), Codec.encode(p));
    }

    /** An entry whose payload is {@code bytes} long (not a decodable event: only its size matters). */
    private static Outbox.Entry sized(long seq, int bytes) {
        return new Outbox.Entry(seq, "P1/abcdefghij/" + seq, "x".repeat(bytes).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Outbox.Entry> entries(int n) {
        return LongStream.rangeClosed(1, n).mapToObj(MqttLinkPackingTest::entry).toList();
    }

    private static List<Long> seqs(List<List<Outbox.Entry>> messages) {
        List<Long> out = new ArrayList<>();
        messages.forEach(m -> m.forEach(e -> out.add(e.seq())));
        return out;
    }

    @Test
    void aLonePendingEventIsSentAsItsOwnJsonObject() {
        Outbox.Entry only = entry(7);
        List<List<Outbox.Entry>> messages = Packing.messages(List.of(only), 16, Codec.MAX_EVENTS_PER_MESSAGE);
        assertEquals(List.of(List.of(only)), messages);
        assertArrayEquals(only.payload(), Packing.payload(messages.getFirst()), "the event's own bytes, no array");
    }

    @Test
    void aBacklogIsPackedOldestFirstIntoFullMessagesWithoutSkippingAny() throws PayloadException {
        List<List<Outbox.Entry>> messages = Packing.messages(entries(300), 16, Codec.MAX_EVENTS_PER_MESSAGE);
        assertEquals(List.of(128, 128, 44), messages.stream().map(List::size).toList());
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), seqs(messages));
        List<Long> decoded = new ArrayList<>();
        for (List<Outbox.Entry> m : messages) {
            for (ShelfEvent e : Codec.decodeEvents(Packing.payload(m), rejected -> {
                throw new AssertionError(rejected);
            })) {
                decoded.add(e.seq());
            }
        }
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), decoded);
    }

    @Test
    void aMessageEndsWhereTheNextEventWouldPassTheByteLimit() {
        // 2000-byte events: 16 take 1 + 16 * 2001 = 32017 bytes as an array, a 17th would not fit.
        List<Outbox.Entry> big = LongStream.rangeClosed(1, 40).mapToObj(s -> sized(s, 2000)).toList();
        List<List<Outbox.Entry>> messages = Packing.messages(big, 16, Codec.MAX_EVENTS_PER_MESSAGE);
        assertEquals(List.of(16, 16, 8), messages.stream().map(List::size).toList());
        messages.forEach(m -> assertEquals(true, Packing.payload(m).length <= Codec.MAX_MESSAGE_BYTES));
    }

    @Test
    void anEventTooLargeToFitAloneIsStillSentAloneInItsPlace() {
        List<Outbox.Entry> in = List.of(entry(1), sized(2, Codec.MAX_MESSAGE_BYTES + 10), entry(3), entry(4));
        List<List<Outbox.Entry>> messages = Packing.messages(in, 16, Codec.MAX_EVENTS_PER_MESSAGE);
        assertEquals(List.of(1, 1, 2), messages.stream().map(List::size).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(messages));
        assertArrayEquals(in.get(1).payload(), Packing.payload(messages.get(1)));
    }

    @Test
    void noMoreMessagesThanTheFreeWindowSlotsAreMade() {
        List<List<Outbox.Entry>> messages = Packing.messages(entries(300), 2, 64);
        assertEquals(List.of(64, 64), messages.stream().map(List::size).toList());
        assertEquals(LongStream.rangeClosed(1, 128).boxed().toList(), seqs(messages));
    }

    @Test
    void noMessageHoldsMoreEventsThanTheHubTakes() {
        assertEquals(List.of(1, 1, 1), Packing.messages(entries(3), 16, 1).stream().map(List::size).toList());
        List<List<Outbox.Entry>> messages = Packing.messages(entries(25), 16, 10);
        assertEquals(List.of(10, 10, 5), messages.stream().map(List::size).toList());
        assertEquals(LongStream.rangeClosed(1, 25).boxed().toList(), seqs(messages));
    }
}
