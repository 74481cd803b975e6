package org.ssk.hub.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns picks into shelf departures: an item picked and not put back on its lane within the
 * return window has left the shelf (a departure, dated at the pick). A putback cancels the most
 * recent picks of its lane still inside the window; a putback with nothing to cancel is a late
 * return. Picks younger than the window at {@code nowMs} are still pending. Then departures are
 * matched against the sales of the same SKU. Pure; thread-safe.
 */
public final class Departures {
    private Departures() {
    }

    /** {@code qty} items of {@code sku} that left lane {@code lane} of {@code shelf} at {@code tMs}. */
    public record Departure(String shelf, String lane, String sku, long tMs, int qty) {
    }

    /** What the events of a period amount to. */
    public record Result(List<Departure> departures, int pendingQty, int lateReturnQty) {
        public int departedQty() {
            return departures.stream().mapToInt(Departure::qty).sum();
        }
    }

    /**
     * Departures per SKU against shelf sales: {@code matched} = min(departed, sold);
     * {@code unsold} departures without a sale (shrinkage or sales not registered); {@code unpicked}
     * shelf sales without a departure (sold from the storeroom, or a missed pick).
     */
    public record Match(String sku, int departed, int sold, int matched, int unsold, int unpicked) {
    }

    private static final class Open {
        final long tMs;
        int qty;

        Open(long tMs, int qty) {
            this.tMs = tMs;
            this.qty = qty;
        }
    }

    /** {@code events} in shelf-time order; {@code windowMs} the return window. */
    public static Result of(List<StoredEvent> events, long windowMs, long nowMs) {
        record Key(String shelf, String lane) {
        }
        Map<Key, Deque<Open>> open = new HashMap<>();
        Map<Key, String> skus = new HashMap<>();
        List<Departure> out = new ArrayList<>();
        int late = 0;
        for (StoredEvent e : events) {
            Key k = new Key(e.shelf(), e.lane());
            Deque<Open> q = open.computeIfAbsent(k, x -> new ArrayDeque<>());
            expire(q, e.tMs(), windowMs, k.shelf(), k.lane(), skus.get(k), out);
            switch (e.type()) {
                case "pick" -> {
                    skus.put(k, e.sku());
                    q.addLast(new Open(e.tMs(), e.qty()));
                }
                case "putback" -> {
                    int left = e.qty();
                    while (left > 0 && !q.isEmpty()) {
                        Open last = q.peekLast();
                        int n = Math.min(left, last.qty);
                        last.qty -= n;
                        left -= n;
                        if (last.qty == 0) {
                            q.removeLast();
                        }
                    }
                    late += left;
                }
                default -> {
                }
            }
        }
        int pending = 0;
        for (var entry : open.entrySet()) {
            Key k = entry.getKey();
            expire(entry.getValue(), nowMs, windowMs, k.shelf(), k.lane(), skus.get(k), out);
            pending += entry.getValue().stream().mapToInt(o -> o.qty).sum();
        }
        out.sort(java.util.Comparator.comparingLong(Departure::tMs));
        return new Result(List.copyOf(out), pending, late);
    }

    private static void expire(Deque<Open> q, long nowMs, long windowMs, String shelf, String lane, String sku,
                               List<Departure> out) {
        while (!q.isEmpty() && nowMs - q.peekFirst().tMs > windowMs) {
            Open o = q.removeFirst();
            out.add(new Departure(shelf, lane, sku, o.tMs, o.qty));
        }
    }

    /** Matches departures with the sales served from shelves (lines with a shelf, or channel pos/kiosk). */
    public static List<Match> match(List<Departure> departures, List<SaleLine> sales) {
        Map<String, int[]> bySku = new TreeMap<>();
        for (Departure d : departures) {
            if (d.sku() != null) {
                bySku.computeIfAbsent(d.sku(), s -> new int[2])[0] += d.qty();
            }
        }
        for (SaleLine s : sales) {
            if (s.shelf() != null || !s.channel().equals("online")) {
                bySku.computeIfAbsent(s.sku(), x -> new int[2])[1] += s.qty();
            }
        }
        List<Match> out = new ArrayList<>();
        bySku.forEach((sku, n) -> {
            int matched = Math.max(0, Math.min(n[0], n[1]));
            out.add(new Match(sku, n[0], n[1], matched, n[0] - matched, Math.max(0, n[1] - matched)));
        });
        return out;
    }
}
