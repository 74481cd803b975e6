package org.ssk.hub.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A confirmed order from the POS or the online shop, stored once per {@code orderId}. {@code tMs}
 * (epoch ms) selects the price each line is valued at. A line with negative {@code qty} is a
 * refund; {@code refersTo} then names the original order. {@code shelf} is where the goods were
 * taken from, null for orders not served from a shelf.
 */
public record Sale(String orderId, String channel, long tMs, List<Line> lines, String refersTo) {

    /** One product line: {@code qty} selling units of {@code sku} (non-zero). */
    public record Line(String sku, int qty, String shelf) {
        public Line {
            if (sku == null || sku.isBlank()) {
                throw new IllegalArgumentException("sale line: sku is required");
            }
            if (qty == 0 || Math.abs(qty) > 10_000) {
                throw new IllegalArgumentException("sale line " + sku + ": qty must be non-zero and within ±10000, was "
                        + qty);
            }
        }
    }

    public Sale {
        if (orderId == null || orderId.isBlank() || orderId.length() > 64) {
            throw new IllegalArgumentException("order id must be 1-64 characters, was: " + orderId);
        }
        if (!Set.of("pos", "online", "kiosk").contains(channel)) {
            throw new IllegalArgumentException("channel must be pos, online or kiosk, was: " + channel);
        }
        if (tMs < 0) {
            throw new IllegalArgumentException("t_ms must be >= 0");
        }
        lines = List.copyOf(lines == null ? List.of() : lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("order " + orderId + " has no lines");
        }
        boolean refund = lines.stream().anyMatch(l -> l.qty() < 0);
        if (refund && (refersTo == null || refersTo.isBlank())) {
            throw new IllegalArgumentException("order " + orderId + " refunds items (negative qty): name the refunded"
                    + " order in refers_to");
        }
        Set<String> skus = new HashSet<>();
        for (Line l : lines) {
            if (!skus.add(l.sku() + "|" + l.shelf())) {
                throw new IllegalArgumentException("order " + orderId + " lists " + l.sku() + " twice");
            }
        }
    }
}
