package org.ssk.hub.kiosk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * The JSON text frames of the kiosk WebSocket ({@code docs/kiosk-protocol.md}), one record per
 * frame type, serialized with snake_case names and every field present (nulls included).
 * Stateless and thread-safe.
 */
public final class KioskFrames {
    /** Shared by the REST API so cards look the same everywhere. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private KioskFrames() {
    }

    /** A lane and the SKU it holds (null when empty). */
    public record LaneSku(String lane, String sku) {
    }

    record Hello(String type, String shelf, String name, boolean online, boolean restock, List<LaneSku> lanes,
                 List<Card> cards) {
    }

    record Item(String type, String lane, String eventId, Card card) {
    }

    record Putback(String type, String lane) {
    }

    record Restock(String type, boolean on) {
    }

    record ShelfState(String type, boolean online) {
    }

    public static String hello(ShelfLayout shelf, List<Card> cards, boolean online, boolean restock) {
        return write(new Hello("hello", shelf.shelf(), shelf.name(), online, restock,
                shelf.lanes().stream().map(l -> new LaneSku(l.lane(), l.sku())).toList(), cards));
    }

    /** {@code type} is lift or pick. */
    public static String item(String type, String lane, String eventId, Card card) {
        if (!type.equals("lift") && !type.equals("pick")) {
            throw new IllegalArgumentException("item frames are lift or pick, not " + type);
        }
        return write(new Item(type, lane, eventId, card));
    }

    public static String putback(String lane) {
        return write(new Putback("putback", lane));
    }

    public static String restock(boolean on) {
        return write(new Restock("restock", on));
    }

    public static String shelfState(boolean online) {
        return write(new ShelfState("shelf_state", online));
    }

    /** Any value as JSON with the kiosk conventions. */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
