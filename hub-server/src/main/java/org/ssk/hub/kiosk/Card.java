package org.ssk.hub.kiosk;

import java.math.BigDecimal;

/**
 * What a kiosk shows about one product: the JSON "card" of {@code docs/kiosk-protocol.md}
 * (field names become snake_case on the wire). Built by the hub from the catalog; immutable.
 * {@code priceYuan} in yuan; {@code certification}, {@code imageUrl} and parts of {@code origin}
 * and {@code trace} may be null. {@code qrUrl} is the hub's own QR endpoint for {@code orderUrl}.
 * {@code videoUrl} is a short muted clip for the idle loop (usually {@code /media/…} on the hub), or null.
 */
public record Card(String sku, String nameZh, String nameEn, BigDecimal priceYuan, String unit, String spec,
                   String introZh, String introEn, String storyZh, String storyEn, Origin origin,
                   Producer producer, Certification certification, Trace trace, String imageUrl, String orderUrl,
                   String qrUrl, String videoUrl) {

    /** Administrative origin, province down to village (lower levels may be null). */
    public record Origin(String province, String city, String county, String town, String village) {
    }

    /**
     * Who made it: {@code kind} is cooperative, company, household or village_collective;
     * {@code households} the registered households it supports, {@code incomeYuan} the yearly
     * income it adds per household, {@code photoUrl} a picture of the producer (each null when unknown).
     */
    public record Producer(String name, String kind, Integer households, Integer incomeYuan, String photoUrl) {
        /** Without impact figures beyond households, and no photo. */
        public Producer(String name, String kind, Integer households) {
            this(name, kind, households, null, null);
        }
    }

    /** The 扶贫产品 certificate: number, issuing office and last valid day (ISO date). */
    public record Certification(String number, String issuer, String validUntil) {
    }

    /** Traceability of the batch on the shelf; fields null when the catalog has no batch data. */
    public record Trace(String batch, String date, String inspection) {
    }

    /** The QR endpoint of a SKU, relative to the hub. */
    public static String qrPath(String sku) {
        return "/api/v1/products/" + java.net.URLEncoder.encode(sku, java.nio.charset.StandardCharsets.UTF_8)
                + "/qr.svg";
    }
}
