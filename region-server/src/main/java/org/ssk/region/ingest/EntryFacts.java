package org.ssk.region.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What the region reads from a center's canonical entry text (a JSON object, docs/region.md) to
 * place and count it: source table, kind (event type, sale channel, stock entry kind), SKU (''
 * for none), time (null when the entry has no usable {@code t_ms}), quantity and amount in fen
 * (sales only). An entry the region cannot read is still stored (it is chained and the center's
 * to answer for); it just counts as kind {@code unreadable} without a time.
 *
 * <p>Read with Jackson's streaming parser, top-level fields only (nested values are skipped, a
 * field given twice counts as its last value), with no tree built: it runs once per stored entry.
 */
public record EntryFacts(String src, String kind, String sku, Long tMs, long qty, long amountFen) {
    private static final JsonFactory JSON = new JsonFactory();
    /** Times outside [2000, 2100) are not trusted for placing an entry in a month. */
    private static final long EARLIEST_MS = 946_684_800_000L;
    private static final long LATEST_MS = 4_102_444_800_000L;
    private static final long DAY_MS = 86_400_000L;
    private static final EntryFacts UNREADABLE = new EntryFacts("", "unreadable", "", null, 0, 0);

    public static EntryFacts of(String entry) {
        String src = "";
        String type = "";
        String channel = "";
        String kind = "";
        String sku = "";
        Long tMs = null;
        long qty = 0;
        long amount = 0;
        try (JsonParser p = JSON.createParser(entry)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNREADABLE;
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return UNREADABLE;
                }
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (v == null) {
                    return UNREADABLE;
                }
                switch (field) {
                    case "src" -> src = text(p, v);
                    case "type" -> type = text(p, v);
                    case "channel" -> channel = text(p, v);
                    case "kind" -> kind = text(p, v);
                    case "sku" -> sku = text(p, v);
                    case "t_ms" -> {
                        Long n = number(p, v);
                        tMs = n != null && n >= EARLIEST_MS && n < LATEST_MS ? n : null;
                    }
                    case "qty" -> qty = orZero(number(p, v));
                    case "amount_fen" -> amount = orZero(number(p, v));
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return UNREADABLE;
        }
        String what = switch (src) {
            case "shelf_event" -> type;
            case "sale_line" -> channel;
            case "stock_entry" -> kind;
            default -> "";
        };
        return new EntryFacts(src, what, sku, tMs, qty, "sale_line".equals(src) ? amount : 0);
    }

    /** The day of the entry's time ({@code t_ms}, the center's event time) in {@code zone}, or null. */
    public LocalDate day(ZoneId zone) {
        return tMs == null ? null : LocalDate.ofInstant(Instant.ofEpochMilli(tMs), zone);
    }

    /**
     * The first day of the entry's UTC month, or 1970-01-01 (the default partition) without a
     * time: which month partition of {@code region_entry} stores it. A storage detail only, UTC
     * whatever the region's zone; reports count in the region's zone ({@link #day(ZoneId)}).
     */
    public LocalDate month() {
        return tMs == null ? LocalDate.EPOCH : LocalDate.ofEpochDay(Math.floorDiv(tMs, DAY_MS)).withDayOfMonth(1);
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return "";
    }

    /** An integer that fits a long, else null (a fraction, a string, a too-large number, an object…). */
    private static Long number(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        p.skipChildren();
        return null;
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }
}
