package org.ssk.region.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What the region reads from a center's canonical entry text (a JSON object, docs/region.md) to
 * place and count it: source table, kind (event type, sale channel, stock entry kind), SKU (''
 * for none), time (null when the entry has no usable {@code t_ms}), quantity and amount in fen
 * (sales only). An entry the region cannot read is still stored (it is chained and the center's
 * to answer for); it just counts as kind {@code unreadable} without a time.
 */
public record EntryFacts(String src, String kind, String sku, Long tMs, long qty, long amountFen) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Times outside [2000, 2100) are not trusted for placing an entry in a month. */
    private static final long EARLIEST_MS = 946_684_800_000L;
    private static final long LATEST_MS = 4_102_444_800_000L;

    public static EntryFacts of(String entry) {
        JsonNode n;
        try {
            n = MAPPER.readTree(entry);
        } catch (java.io.IOException e) {
            return new EntryFacts("", "unreadable", "", null, 0, 0);
        }
        if (n == null || !n.isObject()) {
            return new EntryFacts("", "unreadable", "", null, 0, 0);
        }
        String src = text(n, "src");
        String kind = switch (src) {
            case "shelf_event" -> text(n, "type");
            case "sale_line" -> text(n, "channel");
            case "stock_entry" -> text(n, "kind");
            default -> "";
        };
        JsonNode t = n.get("t_ms");
        Long tMs = t != null && t.isIntegralNumber() && t.asLong() >= EARLIEST_MS && t.asLong() < LATEST_MS
                ? t.asLong() : null;
        return new EntryFacts(src, kind, text(n, "sku"), tMs, number(n, "qty"),
                "sale_line".equals(src) ? number(n, "amount_fen") : 0);
    }

    /** The UTC day of the entry's time, or null. */
    public LocalDate day() {
        return tMs == null ? null : Instant.ofEpochMilli(tMs).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** The first day of the entry's month, or 1970-01-01 (the default partition) without a time. */
    public LocalDate month() {
        LocalDate d = day();
        return d == null ? LocalDate.EPOCH : d.withDayOfMonth(1);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : 0;
    }
}
