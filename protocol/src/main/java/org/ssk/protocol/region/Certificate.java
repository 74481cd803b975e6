package org.ssk.protocol.region;

import java.time.LocalDate;

/**
 * One certified poverty-alleviation product (扶贫产品认定) of the region's list: certificate number,
 * product name, the SKU (product code) centers sell it under, producer or cooperative, county of
 * origin, registered poor households it helps, and its first and last valid day (inclusive,
 * calendar days wherever the product is sold). Validated on construction.
 */
public record Certificate(String number, String product, String sku, String producer, String county,
                          int households, LocalDate validFrom, LocalDate validUntil) {
    /** The SKU rule, the same as a hub catalog's. */
    public static final String SKU_RULE = "1-64 of A-Z a-z 0-9 _ . -";

    public Certificate {
        number = required(number, "certificate number", 64);
        product = required(product, "product name", 200);
        sku = required(sku, "SKU", 64);
        if (!sku.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("SKU: " + SKU_RULE + ", was " + sku);
        }
        producer = required(producer, "producer", 200);
        county = required(county, "county", 100);
        if (households < 0) {
            throw new IllegalArgumentException("households must be 0 or more, was " + households);
        }
        if (validFrom == null || validUntil == null) {
            throw new IllegalArgumentException("valid from and valid until are required");
        }
        if (validUntil.isBefore(validFrom)) {
            throw new IllegalArgumentException("valid until " + validUntil + " is before valid from " + validFrom);
        }
    }

    /** The certificate's standing on {@code day}. */
    public Standing standing(LocalDate day) {
        return day.isBefore(validFrom) ? Standing.NOT_YET : day.isAfter(validUntil) ? Standing.EXPIRED : Standing.VALID;
    }

    /** Before its first day, within its days, after its last day. */
    public enum Standing {
        NOT_YET, VALID, EXPIRED
    }

    private static String required(String v, String field, int max) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String t = v.strip();
        if (t.length() > max) {
            throw new IllegalArgumentException(field + ": at most " + max + " characters");
        }
        return t;
    }
}
