package org.ssk.hub;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ssk.hub.http.LedgerView;
import org.ssk.hub.ingest.EventAppender;
import org.ssk.hub.kiosk.Card;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.kiosk.ShelfLayout;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

/**
 * An in-memory {@link HubStorage} for router tests: events kept once by id, stock derived from
 * them, and a two-shelf catalog. Thread-safe. {@link #healthy} can be switched off. Accounts are
 * real ({@link org.ssk.hub.auth.Accounts} over a temporary SQLite file, cheap bcrypt);
 * {@link #token} signs in a user of a role; every shelf's MQTT secret is {@link #SHELF_SECRET}.
 */
public final class FakeStorage implements HubStorage {
    public static final String SHELF_SECRET = "fake-shelf-secret";
    public final Map<String, ShelfEvent> events = new ConcurrentHashMap<>();
    public final AtomicBoolean healthy = new AtomicBoolean(true);
    public final AtomicBoolean closed = new AtomicBoolean();
    /** Who asked to hear of alerts (the hub's publisher); this store raises none itself. */
    public final List<org.ssk.hub.alert.AlertListener> alertListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final org.ssk.hub.auth.Accounts accounts;

    public FakeStorage() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("fake-hub", ".db");
            file.toFile().deleteOnExit();
            accounts = new org.ssk.hub.auth.Accounts(org.ssk.hub.ledger.Database.open("jdbc:sqlite:" + file),
                    java.time.Clock.systemUTC(), 4, 3_600_000L);
        } catch (java.io.IOException | java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public org.ssk.hub.auth.Accounts accounts() {
        return accounts;
    }

    @Override
    public org.ssk.hub.broker.ShelfAccess.Secrets shelfSecrets() {
        return (shelf, secret) -> secret != null && SHELF_SECRET.equals(new String(secret,
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A session token of user "{role}-user" (made on first use); a kiosk token for KIOSK. */
    public synchronized String token(org.ssk.hub.auth.Role role) throws Exception {
        if (role == org.ssk.hub.auth.Role.KIOSK) {
            return accounts.issueKioskToken("test kiosk", "S1");
        }
        String name = role.wireName() + "-user";
        if (accounts.users().stream().noneMatch(u -> u.username().equals(name))) {
            accounts.createUser(name, role, "password-of-" .concat(name).toCharArray());
        }
        return accounts.login(name, ("password-of-" + name).toCharArray()).orElseThrow().token();
    }

    public static Card card(String sku, String nameZh) {
        return new Card(sku, nameZh, "Test " + sku, new BigDecimal("12.50"), "袋", "500g", "简介", "intro", "故事",
                "story", new Card.Origin("广东省", "河源市", "东源县", "蓝口镇", "乐村"),
                new Card.Producer("东源县乐村种养专业合作社", "cooperative", 36),
                new Card.Certification("GD-2026-0001", "东源县农业农村局", "2027-06-30"),
                new Card.Trace("B-1", "2026-10-01", "合格"), null, "https://shop.example.org/p/" + sku,
                Card.qrPath(sku), null);
    }

    public static KioskCatalog catalog() {
        return new KioskCatalog(List.of(
                new ShelfLayout("S1", "东源特产", List.of(
                        new ShelfLayout.Lane("1", "dy-rice-2500", 2500, "东源大米"),
                        new ShelfLayout.Lane("2", "dy-tea-250", 250, "东源仙湖茶"),
                        new ShelfLayout.Lane("3", null, 0, ""))),
                new ShelfLayout("S2", "乐业特产", List.of(
                        new ShelfLayout.Lane("1", "ly-tea-oil-500", 500, "乐业山茶油")))),
                List.of(card("dy-rice-2500", "东源大米"), card("dy-tea-250", "东源仙湖茶"),
                        card("ly-tea-oil-500", "乐业山茶油")));
    }

    @Override
    public EventAppender appender() {
        return e -> events.putIfAbsent(e.id(), e) == null;
    }

    @Override
    public LedgerView ledgerView() {
        return new LedgerView() {
            @Override
            public Map<String, Integer> stockByLane(String shelf) {
                Map<String, Integer> stock = new HashMap<>();
                for (ShelfEvent e : events.values()) {
                    if (!e.shelf().equals(shelf)) {
                        continue;
                    }
                    int delta = switch (e) {
                        case Pick p -> -p.qty();
                        case Putback p -> p.qty();
                        case Restock r -> r.qty();
                        default -> 0;
                    };
                    stock.merge(e.lane(), delta, Integer::sum);
                }
                return stock;
            }

            @Override
            public boolean healthy() {
                return healthy.get();
            }
        };
    }

    @Override
    public KioskCatalog loadKioskCatalog() {
        return catalog();
    }

    @Override
    public void addAlertListener(org.ssk.hub.alert.AlertListener listener) {
        alertListeners.add(listener);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
