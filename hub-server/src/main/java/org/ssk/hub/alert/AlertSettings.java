package org.ssk.hub.alert;

/**
 * Alert thresholds: a lane is low at or below {@code lowStockItems}; a product is unsold after
 * {@code unsoldDays} without a sale; a declared restock is compared with the shelf's restock
 * events within {@code restockWindowMs} of it; certificates warn {@code certWarnDays} before
 * expiry; lane conditions (sensor fault, wrong item) are read from the last {@code recentMs} of events.
 */
public record AlertSettings(int lowStockItems, int unsoldDays, long restockWindowMs, int certWarnDays,
                            long recentMs) {
    public static AlertSettings defaults() {
        return new AlertSettings(2, 14, 30 * 60_000L, 30, 7 * 86_400_000L);
    }
}
