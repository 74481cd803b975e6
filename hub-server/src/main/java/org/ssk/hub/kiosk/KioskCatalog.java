package org.ssk.hub.kiosk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of what kiosks need from the catalog: the shelves with their lanes and a
 * card per product. Read by the HTTP verticle without blocking; a catalog change is a new snapshot.
 * Thread-safe (immutable).
 */
public final class KioskCatalog {
    /** Send (no body) after changing the catalog or planogram in the database: the hub reloads its snapshot. */
    public static final String CHANGED_ADDRESS = "ssk.catalog.changed";
    /** Published (no body) once the new snapshot is in place. */
    public static final String RELOADED_ADDRESS = "ssk.catalog.reloaded";

    private final Map<String, ShelfLayout> shelves;
    private final Map<String, Card> cards;

    public KioskCatalog(List<ShelfLayout> shelves, List<Card> cards) {
        Map<String, ShelfLayout> s = new LinkedHashMap<>();
        shelves.forEach(l -> s.put(l.shelf(), l));
        Map<String, Card> c = new LinkedHashMap<>();
        cards.forEach(k -> c.put(k.sku(), k));
        this.shelves = java.util.Collections.unmodifiableMap(s);
        this.cards = java.util.Collections.unmodifiableMap(c);
    }

    public static KioskCatalog empty() {
        return new KioskCatalog(List.of(), List.of());
    }

    public List<ShelfLayout> shelves() {
        return List.copyOf(shelves.values());
    }

    public Optional<ShelfLayout> shelf(String id) {
        return Optional.ofNullable(shelves.get(id));
    }

    public List<Card> cards() {
        return List.copyOf(cards.values());
    }

    public Optional<Card> card(String sku) {
        return sku == null ? Optional.empty() : Optional.ofNullable(cards.get(sku));
    }

    /** The cards of the products on one shelf, in lane order, each once. */
    public List<Card> cardsOn(String shelf) {
        return shelf(shelf).map(l -> l.lanes().stream().map(ShelfLayout.Lane::sku).filter(Objects::nonNull)
                .distinct().map(cards::get).filter(Objects::nonNull).toList()).orElse(List.of());
    }

    /** The SKU a lane holds, by the planogram; empty for unknown shelves, lanes or empty lanes. */
    public Optional<String> skuAt(String shelf, String lane) {
        return shelf(shelf).flatMap(l -> l.lanes().stream().filter(x -> x.lane().equals(lane)).findFirst())
                .map(ShelfLayout.Lane::sku);
    }
}
