package org.ssk.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ssk.hub.HubStorage;
import org.ssk.hub.http.LedgerView;
import org.ssk.hub.ingest.EventAppender;
import org.ssk.hub.kiosk.Card;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.kiosk.ShelfLayout;

/**
 * The hub's storage for the benches' {@code --ledger memory}: a generated catalog held in memory
 * (the shelves and SKUs {@link BenchLedger} writes into the real stores) of {@code shelves}
 * shelves ({@code S0001}…) with {@link #LANES} lanes each, and event ids in memory, to take the
 * disk out of a measurement. Thread-safe as the hub uses it (one appender caller at a time).
 */
public final class BenchStorage implements HubStorage {
    public static final int LANES = 8;
    static final int SKUS = 40;

    private final KioskCatalog catalog;
    private final Set<String> memory = ConcurrentHashMap.newKeySet();
    private final org.ssk.hub.auth.Accounts accounts;

    public BenchStorage(int shelves, Path dataDir) throws Exception {
        this.catalog = catalog(shelves);
        java.nio.file.Files.createDirectories(dataDir);
        // Real accounts (for the kiosk tokens the benches' WebSockets need), in a file of their own.
        this.accounts = new org.ssk.hub.auth.Accounts(org.ssk.hub.ledger.Database.open("jdbc:sqlite:"
                + dataDir.toAbsolutePath().resolve("accounts.db")), java.time.Clock.systemUTC(), 4, 86_400_000L);
    }

    @Override
    public org.ssk.hub.auth.Accounts accounts() {
        return accounts;
    }

    public static String shelfId(int i) {
        return String.format("S%04d", i + 1);
    }

    static String skuAt(int shelf, int lane) {
        return "sku-" + ((shelf * LANES + lane) % SKUS);
    }

    static KioskCatalog catalog(int shelves) {
        List<ShelfLayout> layouts = new ArrayList<>(shelves);
        for (int s = 0; s < shelves; s++) {
            List<ShelfLayout.Lane> lanes = new ArrayList<>(LANES);
            for (int l = 0; l < LANES; l++) {
                lanes.add(new ShelfLayout.Lane(Integer.toString(l + 1), skuAt(s, l), 500, "商品 " + skuAt(s, l)));
            }
            layouts.add(new ShelfLayout(shelfId(s), "货架 " + (s + 1), lanes));
        }
        List<Card> cards = new ArrayList<>(SKUS);
        for (int k = 0; k < SKUS; k++) {
            String sku = "sku-" + k;
            cards.add(new Card(sku, "东源大米 " + k, "Dongyuan rice " + k, new BigDecimal("25.80"), "袋", "2.5kg",
                    "客家山区稻田种植，一年一季。", "Grown in Hakka hill paddies, one crop a year.",
                    "合作社带动 36 户脱贫户增收。", "The cooperative raises the income of 36 households.",
                    new Card.Origin("广东省", "河源市", "东源县", "蓝口镇", "乐村"),
                    new Card.Producer("东源县乐村种养专业合作社", "cooperative", 36),
                    new Card.Certification("GD-2026-0001", "东源县农业农村局", "2027-06-30"),
                    new Card.Trace("B-1", "2026-10-01", "合格"), null, "https://shop.example.org/p/" + sku,
                    Card.qrPath(sku), null));
        }
        return new KioskCatalog(layouts, cards);
    }

    /** Events stored so far. */
    public long stored() {
        return memory.size();
    }

    @Override
    public EventAppender appender() {
        return e -> memory.add(e.id());
    }

    @Override
    public LedgerView ledgerView() {
        return new LedgerView() {
            @Override
            public Map<String, Integer> stockByLane(String shelf) {
                return Map.of();
            }

            @Override
            public boolean healthy() {
                return true;
            }
        };
    }

    @Override
    public KioskCatalog loadKioskCatalog() {
        return catalog;
    }

    @Override
    public void close() {
    }
}
