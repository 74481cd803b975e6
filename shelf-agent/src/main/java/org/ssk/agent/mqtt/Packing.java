package org.ssk.agent.mqtt;

import java.util.ArrayList;
import java.util.List;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Codec;

/**
 * Cuts pending outbox entries into event-topic messages: consecutive entries, oldest first, packed
 * greedily while {@link Codec#fits} holds, so nothing is reordered or skipped. A message of one
 * entry is that event's own bytes (a JSON object, exactly what a lone live event always was);
 * several become a JSON array ({@link Codec#joinEvents}). Pure and stateless; thread-safe.
 */
final class Packing {
    private Packing() {
    }

    /**
     * At most {@code maxMessages} messages of at most {@code maxEvents} entries each (what the hub
     * said it takes, {@link org.ssk.protocol.ShelfConfig#maxEventsPerMessage}), the first starting
     * at {@code entries}' first element. Every message has at least one entry, even one too large
     * to fit alone: sending it by itself is what the link did before batching, and skipping it
     * would break the outbox order.
     */
    static List<List<Outbox.Entry>> messages(List<Outbox.Entry> entries, int maxMessages, int maxEvents) {
        List<List<Outbox.Entry>> out = new ArrayList<>();
        int next = 0;
        while (next < entries.size() && out.size() < maxMessages) {
            int from = next;
            long bytes = entries.get(next++).payload().length;
            while (next < entries.size() && next - from < maxEvents
                    && Codec.fits(next - from + 1, bytes + entries.get(next).payload().length)) {
                bytes += entries.get(next++).payload().length;
            }
            out.add(entries.subList(from, next));
        }
        return out;
    }

    /** The MQTT payload of one message from {@link #messages}. */
    static byte[] payload(List<Outbox.Entry> message) {
        if (message.size() == 1) {
            return message.getFirst().payload();
        }
        return Codec.joinEvents(message.stream().map(Outbox.Entry::payload).toList());
    }
}
