package org.ssk.hub.ingest;

import java.util.Map;
import java.util.Optional;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

/**
 * Whether a well-formed shelf event can be true, judged against the hub's clock and the
 * planogram in force when it is stored. Pure: fed the event, the shelf's planogram and the hub's
 * time, it answers a {@link Verdict}; no clock, database or I/O inside. Thread-safe (immutable).
 *
 * <p>An implausible event is not dropped: the ledger keeps it in quarantine with the verdict's
 * reason until an operator releases or rejects it (see docs/security-ingest.md).
 *
 * <p>Time: an event stamped more than {@link Settings#maxAheadMs()} after the hub's clock, or more
 * than {@link Settings#maxAgeMs()} before it, is {@link Kind#SHELF_CLOCK}. The age window is wide
 * on purpose: an agent replays its outbox after an outage with the times its events happened, and
 * a center closed over the Spring Festival may hold weeks of them; those are plausible. What the
 * window catches is a clock at 1970 (an RTC-less Pi without NTP) or a stamp decades ahead.
 *
 * <p>Planogram: the lane must be on the shelf, and the SKU the event names must be the lane's
 * ({@link Kind#PLANOGRAM_MISMATCH}). Quantity: a lane holds at most its capacity, the most a lane
 * can carry ({@link Settings#laneMaxGrams()}) divided by the planogram's grams of one item; a pick, putback or restock of more items, or of more grams, cannot happen
 * ({@link Kind#IMPLAUSIBLE_QUANTITY}).
 */
public final class Plausibility {

    /** Why an event is quarantined; the wire names are the alert kinds. */
    public enum Kind {
        SHELF_CLOCK, PLANOGRAM_MISMATCH, IMPLAUSIBLE_QUANTITY;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A quarantine decision: the kind and a sentence for the operator. */
    public record Verdict(Kind kind, String reason) {
        public Verdict {
            java.util.Objects.requireNonNull(kind, "kind");
            java.util.Objects.requireNonNull(reason, "reason");
        }
    }

    /** One shelf as the planogram has it now: its config version and its lanes by id. */
    public record Planogram(String shelf, long version, Map<String, Lane> lanes) {
        public Planogram {
            lanes = Map.copyOf(lanes);
        }
    }

    /** A lane of the planogram: the SKU it holds (null: none) and the grams of one item (0 when none). */
    public record Lane(String lane, String sku, double unitGrams) {
    }

    /**
     * The windows, in ms, and the heaviest a lane can carry, in grams.
     * Part of the hub's config ({@code HubConfig.plausibility}, file keys {@code max_ahead_ms},
     * {@code max_age_ms}, {@code lane_max_grams}); environment {@code SSK_EVENT_MAX_AHEAD_MS},
     * {@code SSK_EVENT_MAX_AGE_MS}, {@code SSK_LANE_MAX_GRAMS}.
     */
    public record Settings(long maxAheadMs, long maxAgeMs, double laneMaxGrams) {
        /**
         * 10 minutes ahead (NTP-synced shelves are within a second), 90 days old, 50 kg on a lane:
         * two and a half times the heaviest load cell of the bill of materials (20 kg), so no real
         * restock is ever held while a pick of hundreds of bags is.
         */
        public static Settings defaults() {
            return new Settings(10 * 60_000L, 90L * 86_400_000L, 50_000);
        }

        public Settings {
            if (maxAheadMs < 0 || maxAgeMs < 0 || !(laneMaxGrams > 0)) {
                throw new IllegalArgumentException("plausibility: max_ahead_ms and max_age_ms must be >= 0 and"
                        + " lane_max_grams > 0, were " + maxAheadMs + ", " + maxAgeMs + ", " + laneMaxGrams);
            }
        }
    }

    private final Settings settings;

    public Plausibility(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The reason to quarantine {@code e}, or empty when it is plausible. {@code shelf} is the
     * planogram of the event's shelf (null: the shelf is not in the planogram); {@code nowMs} the
     * hub's clock when the event is stored.
     */
    public Optional<Verdict> check(ShelfEvent e, Planogram shelf, long nowMs) {
        if (e.tMs() > nowMs + settings.maxAheadMs()) {
            return verdict(Kind.SHELF_CLOCK, "event time " + java.time.Instant.ofEpochMilli(e.tMs())
                    + " is " + minutes(e.tMs() - nowMs) + " min ahead of the hub's clock (at most "
                    + minutes(settings.maxAheadMs()) + " allowed)");
        }
        if (e.tMs() < nowMs - settings.maxAgeMs()) {
            return verdict(Kind.SHELF_CLOCK, "event time " + java.time.Instant.ofEpochMilli(e.tMs())
                    + " is older than " + settings.maxAgeMs() / 86_400_000L + " days before the hub's clock");
        }
        if (shelf == null) {
            return verdict(Kind.PLANOGRAM_MISMATCH, "shelf " + e.shelf() + " is not in the planogram");
        }
        Lane lane = shelf.lanes().get(e.lane());
        if (lane == null) {
            return verdict(Kind.PLANOGRAM_MISMATCH, "lane " + e.lane() + " is not on shelf " + e.shelf()
                    + " (planogram version " + shelf.version() + ")");
        }
        boolean counted = e instanceof Pick || e instanceof Putback || e instanceof Restock;
        if (e.sku() != null ? !e.sku().equals(lane.sku()) : counted && lane.sku() != null) {
            return verdict(Kind.PLANOGRAM_MISMATCH, "SKU " + e.sku() + " is not what lane " + e.lane() + " of shelf "
                    + e.shelf() + " holds (" + lane.sku() + ", planogram version " + shelf.version() + ")");
        }
        int qty = e.countedQty();
        if (qty > 0) {
            int capacity = capacity(lane);
            if (qty > capacity) {
                return verdict(Kind.IMPLAUSIBLE_QUANTITY, qty + " items on lane " + e.lane() + " of shelf " + e.shelf()
                        + ", which holds at most " + capacity);
            }
        }
        double grams = e.grams();
        if (Math.abs(grams) > settings.laneMaxGrams()) {
            return verdict(Kind.IMPLAUSIBLE_QUANTITY, Math.round(grams) + " g on lane " + e.lane() + " of shelf "
                    + e.shelf() + ", more than a lane can carry (" + Math.round(settings.laneMaxGrams()) + " g)");
        }
        return Optional.empty();
    }

    /** Items a lane can hold: its load cell's grams over one item's grams, at least one. */
    public int capacity(Lane lane) {
        if (!(lane.unitGrams() > 0)) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(1, Math.floor(settings.laneMaxGrams() / lane.unitGrams()));
    }

    private static Optional<Verdict> verdict(Kind kind, String reason) {
        return Optional.of(new Verdict(kind, reason));
    }

    private static long minutes(long ms) {
        return ms / 60_000L;
    }
}
