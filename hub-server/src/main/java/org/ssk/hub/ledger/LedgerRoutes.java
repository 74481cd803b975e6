package org.ssk.hub.ledger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ssk.hub.auth.Accounts;
import org.ssk.hub.auth.Role;
import org.ssk.hub.http.ApiError;
import org.ssk.hub.http.ApiRoutes;
import org.ssk.hub.http.AuthHandler;
import org.ssk.hub.http.Replies;

/**
 * Writing to the ledger over HTTP, for signed-in users (who may call what: {@link org.ssk.hub.http.Access}):
 * <ul>
 *   <li>{@code POST /api/v1/sales} (admin, operator, staff) {@code {"order_id","channel":"pos|online|kiosk",
 *       "t_ms","lines":[{"sku","qty","shelf"}],"refers_to"}} → 201 {@code {"stored":true}}, or 200
 *       {@code {"stored":false}} when the order id was already stored;</li>
 *   <li>{@code POST /api/v1/stock-entries} (staff and up; corrections: operator and up)
 *       {@code {"entry_id","kind":"restock_declared|stocktake|correction","shelf","lane","sku","t_ms",
 *       "qty","counted","refers_to","note"}} → as above.</li>
 * </ul>
 * Corrections need an operator or admin (403 otherwise).
 */
public final class LedgerRoutes implements ApiRoutes {
    private static final Set<Role> WRITERS = Set.of(Role.ADMIN, Role.OPERATOR, Role.STAFF);
    private static final Set<Role> CORRECTORS = Set.of(Role.ADMIN, Role.OPERATOR);

    private final Ledger ledger;

    public LedgerRoutes(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/sales").handler(this::sale);
        router.post("/api/v1/stock-entries").handler(this::stockEntry);
        router.post("/api/v1/stock-takes").handler(this::stockTake);
    }

    private void sale(RoutingContext ctx) {
        JsonObject b = Replies.body(ctx);
        Sale sale;
        try {
            List<Sale.Line> lines = new ArrayList<>();
            JsonArray arr = b.getJsonArray("lines", new JsonArray());
            for (int i = 0; i < arr.size(); i++) {
                JsonObject l = arr.getJsonObject(i);
                lines.add(new Sale.Line(l.getString("sku"), Replies.wholeInt(l, "qty", 0), l.getString("shelf")));
            }
            sale = new Sale(b.getString("order_id"), b.getString("channel"),
                    Replies.whole(b, "t_ms", 0, Long.MAX_VALUE, System.currentTimeMillis()), lines, b.getString("refers_to"));
        } catch (NullPointerException e) {
            ctx.fail(ApiError.badRequest("sale: t_ms, qty and lines must not be null"));
            return;
        } catch (IllegalArgumentException | ClassCastException e) {
            ctx.fail(ApiError.badRequest("sale: " + e.getMessage()));
            return;
        }
        write(ctx, WRITERS, () -> ledger.recordSale(sale));
    }

    private void stockEntry(RoutingContext ctx) {
        JsonObject b = Replies.body(ctx);
        StockEntry entry;
        try {
            entry = new StockEntry(0, b.getString("entry_id"), b.getString("kind"), b.getString("shelf"),
                    b.getString("lane"), b.getString("sku"), Replies.whole(b, "t_ms", 0, Long.MAX_VALUE, System.currentTimeMillis()),
                    Replies.wholeInt(b, "qty", 0), Replies.wholeInt(b, "counted", null), b.getString("refers_to"), b.getString("note"),
                    Replies.who(ctx));
        } catch (NullPointerException e) {
            ctx.fail(ApiError.badRequest("stock entry: t_ms and qty must not be null"));
            return;
        } catch (IllegalArgumentException | ClassCastException e) {
            ctx.fail(ApiError.badRequest("stock entry: " + e.getMessage()));
            return;
        }
        Set<Role> allowed = entry.kind().equals(StockEntry.CORRECTION) ? CORRECTORS : WRITERS;
        write(ctx, allowed, () -> ledger.recordStockEntry(entry));
    }

    /**
     * A whole shelf's stock-take, all lanes or none: {@code {"take_id","shelf","t_ms","lanes":[{"lane",
     * "sku","counted"}]}}; each lane becomes the stock entry {@code take_id/lane}, so a retry is harmless.
     */
    private void stockTake(RoutingContext ctx) {
        JsonObject b = Replies.body(ctx);
        List<StockEntry> entries = new ArrayList<>();
        try {
            String take = b.getString("take_id");
            if (take == null || take.isBlank() || take.length() > 40) {
                throw new IllegalArgumentException("take_id: 1-40 characters");
            }
            long at = Replies.whole(b, "t_ms", 0, Long.MAX_VALUE, System.currentTimeMillis());
            JsonArray lanes = b.getJsonArray("lanes", new JsonArray());
            if (lanes.isEmpty() || lanes.size() > 200) {
                throw new IllegalArgumentException("lanes: 1-200 lanes");
            }
            for (int i = 0; i < lanes.size(); i++) {
                JsonObject l = lanes.getJsonObject(i);
                entries.add(StockEntry.stockTake(take + "/" + l.getString("lane"), b.getString("shelf"),
                        l.getString("lane"), l.getString("sku"), at, Replies.wholeInt(l, "counted", null),
                        Replies.who(ctx)));
            }
        } catch (NullPointerException e) {
            ctx.fail(ApiError.badRequest("stock-take: t_ms, lanes and counted must not be null"));
            return;
        } catch (IllegalArgumentException | ClassCastException e) {
            ctx.fail(ApiError.badRequest("stock-take: " + e.getMessage()));
            return;
        }
        write(ctx, WRITERS, () -> ledger.recordStockEntries(entries));
    }

    private void write(RoutingContext ctx, Set<Role> allowed, java.util.concurrent.Callable<Boolean> work) {
        Accounts.Principal p = AuthHandler.principal(ctx).orElseThrow(
                () -> new ApiError(401, "unauthorized", "sign in first"));
        if (!allowed.contains(p.role())) {
            ctx.fail(new ApiError(403, "forbidden", "role " + p.role().wireName() + " may not do this"));
            return;
        }
        ctx.vertx().executeBlocking(work, false).onFailure(e -> ctx.fail(e instanceof IllegalArgumentException ? ApiError.badRequest(e.getMessage())
                : e)).onSuccess(stored -> Replies.json(ctx, stored ? 201 : 200, new JsonObject().put("stored", stored)));
    }
}
