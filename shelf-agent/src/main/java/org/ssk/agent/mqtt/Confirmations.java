package org.ssk.agent.mqtt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.HubAck;

/**
 * Which sent event messages are still unconfirmed, and the removal from the outbox of the events
 * that are confirmed: by the hub's {@link HubAck} naming them (end-to-end: the hub has stored them
 * durably), or, for a message sent while the hub said it sends no acks, by the broker's PUBACK.
 *
 * <p>Contract: an event leaves the outbox only through {@link #removeConfirmed}, and only once it
 * is confirmed as above; a PUBACK of a message that waits for the hub confirms nothing. A message
 * counts against the in-flight window from {@link #add} until every event of it is confirmed (or
 * {@link #clear} on a new connection or a rewind, after which everything unconfirmed is sent again
 * and the hub stores each id once). Removal that fails (disk full) keeps the confirmations for the
 * next call.
 *
 * <p>Threads: {@link #brokerAcked} and {@link #hubAcked} are called on Paho's callback thread and
 * only queue; every other method belongs to the link's sender thread.
 */
final class Confirmations {
    /**
     * Which events (their seqs, in order) a publish token carries, and on which connection;
     * {@code waiting}: seqs the hub has not acknowledged yet (sender thread only), null when the
     * PUBACK removes them (a hub without acks). Compared by identity.
     */
    record Sent(long generation, List<Long> seqs, Set<Long> waiting, long sentNanos) {
        boolean awaitsHub() {
            return waiting != null;
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** Messages confirmed by the broker's PUBACK (hub without acks), from Paho's thread. */
    private final ConcurrentLinkedQueue<Sent> brokerAcked = new ConcurrentLinkedQueue<>();
    /** Seqs the hub's acks named, from Paho's thread. */
    private final ConcurrentLinkedQueue<List<Long>> hubAcked = new ConcurrentLinkedQueue<>();
    /** Sender thread only: messages of this connection not yet confirmed. */
    private final Set<Sent> inflight = new HashSet<>();

    /** A message about to be published: its events wait for the hub's ack when {@code hubAcks}. */
    static Sent message(long generation, List<Long> seqs, boolean hubAcks, long nowNanos) {
        return new Sent(generation, seqs, hubAcks ? new HashSet<>(seqs) : null, nowNanos);
    }

    /** {@code sent} was handed to the client: it takes a window slot until confirmed. */
    void add(Sent sent) {
        inflight.add(sent);
    }

    /** Messages taking a window slot. */
    int inflight() {
        return inflight.size();
    }

    /** Forgets every message in flight (a new connection, or a rewind that sends them all again). */
    void clear() {
        inflight.clear();
    }

    /** The first message that has waited for the hub's ack longer than {@code timeoutMs}, if any. */
    Optional<Sent> overdue(long nowNanos, long timeoutMs) {
        for (Sent s : inflight) {
            if (s.awaitsHub() && nowNanos - s.sentNanos() > timeoutMs * 1_000_000) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The broker's PUBACK of {@code sent} (Paho's thread). True when that confirms its events (a
     * message sent without hub acks), so the sender should remove them; false when they wait for
     * the hub.
     */
    boolean brokerAcked(Sent sent) {
        if (sent.awaitsHub()) {
            return false;
        }
        brokerAcked.add(sent);
        return true;
    }

    /**
     * The hub's ack (Paho's thread), already checked to be for this shelf: queues the seqs of the
     * ids of this outbox's {@code epoch} ({@code SHELF/EPOCH/SEQ}); ids of another shelf or epoch,
     * or malformed, are ignored. True when it named any.
     */
    boolean hubAcked(HubAck ack, String shelf, String epoch) {
        String prefix = shelf + "/" + epoch + "/";
        List<Long> seqs = new ArrayList<>(ack.ids().size());
        for (String id : ack.ids()) {
            if (id.startsWith(prefix)) {
                try {
                    seqs.add(Long.parseLong(id.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    // a malformed id confirms nothing
                }
            }
        }
        if (seqs.isEmpty()) {
            return false;
        }
        hubAcked.add(seqs);
        return true;
    }

    /**
     * Removes every confirmed event from {@code outbox} and frees the window slots of messages now
     * fully confirmed. On an outbox failure the confirmations not yet applied are kept and the
     * exception thrown.
     */
    void removeConfirmed(Outbox outbox) throws IOException {
        removeHubAcked(outbox);
        List<Sent> done = new ArrayList<>();
        for (Sent s; (s = brokerAcked.poll()) != null; ) {
            done.add(s);
        }
        if (!done.isEmpty()) {
            // A message of an earlier connection is not in the set: removing it frees no slot.
            done.forEach(inflight::remove);
            try {
                outbox.remove(done.stream().flatMap(s -> s.seqs().stream()).toList());
            } catch (IOException e) {
                // The disk is full or read-only: keep them for the next try; if the agent stops
                // first, they are sent again after the restart (a duplicate the hub ignores).
                brokerAcked.addAll(done);
                throw e;
            }
        }
    }

    private void removeHubAcked(Outbox outbox) throws IOException {
        List<List<Long>> done = new ArrayList<>();
        for (List<Long> seqs; (seqs = hubAcked.poll()) != null; ) {
            done.add(seqs);
        }
        if (done.isEmpty()) {
            return;
        }
        List<Long> all = done.stream().flatMap(List::stream).toList();
        try {
            outbox.remove(all);
        } catch (IOException e) {
            hubAcked.addAll(done);
            throw e;
        }
        inflight.removeIf(s -> {
            if (!s.awaitsHub()) {
                return false;
            }
            all.forEach(s.waiting()::remove);
            return s.waiting().isEmpty();
        });
    }
}
