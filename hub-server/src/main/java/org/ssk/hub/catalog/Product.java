package org.ssk.hub.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A product of the catalog (the 扶贫产品 database): names, price per selling unit, what the kiosk
 * shows, where it comes from, who produces it and how many registered poor households that
 * supports, its season and output scale, its poverty-alleviation certificate (null when it has
 * none) and the traceability of the batch on sale. Immutable; validated on construction.
 *
 * <p>{@code priceYuan} has two decimals; {@code color} is a CSS hex colour for the placeholder
 * image; {@code imageUrl} and {@code videoUrl} may be null.
 */
public record Product(String sku, String nameZh, String nameEn, BigDecimal priceYuan, String unit, String spec,
                      String introZh, String introEn, String storyZh, String storyEn, Origin origin,
                      Producer producer, String season, String outputScale, String annualOutput,
                      PriceRange marketPrice, Certification certification, Trace trace, String color,
                      String imageUrl, String videoUrl) {

    /** The market price range (市场价格区间) of comparable products, in yuan per selling unit. */
    public record PriceRange(BigDecimal lowYuan, BigDecimal highYuan) {
        public PriceRange {
            if (lowYuan == null || highYuan == null || lowYuan.signum() < 0 || lowYuan.compareTo(highYuan) > 0) {
                throw new IllegalArgumentException("market price range must be 0 <= low <= high, was: " + lowYuan
                        + " - " + highYuan);
            }
            lowYuan = lowYuan.setScale(2, java.math.RoundingMode.HALF_UP);
            highYuan = highYuan.setScale(2, java.math.RoundingMode.HALF_UP);
        }
    }

    /** Administrative origin, province down to village; town and village may be null. */
    public record Origin(String province, String city, String county, String town, String village) {
        public Origin {
            require(province, "origin.province");
            require(county, "origin.county");
        }
    }

    /**
     * Who makes it: {@code kind} is cooperative, company, household or village_collective;
     * {@code households} the registered poor households it drives, {@code incomeYuan} the yearly
     * income it adds per household in yuan, {@code photoUrl} a picture of the producer (each null
     * when unknown).
     */
    public record Producer(String id, String name, String kind, Integer households, Integer incomeYuan,
                           String photoUrl) {
        /** A producer without impact figures beyond its households, and no photo. */
        public Producer(String id, String name, String kind, Integer households) {
            this(id, name, kind, households, null, null);
        }

        public Producer {
            if (incomeYuan != null && (incomeYuan < 0 || incomeYuan > 10_000_000)) {
                throw new IllegalArgumentException("producer.income_yuan must be 0-10000000, was: " + incomeYuan);
            }
            if (photoUrl != null && (photoUrl.isBlank() || photoUrl.length() > 500
                    || !(photoUrl.startsWith("/") || photoUrl.startsWith("https://")) || photoUrl.startsWith("//"))) {
                throw new IllegalArgumentException("producer.photo_url must be a /path on the hub or an https URL, was: "
                        + photoUrl);
            }
            require(id, "producer.id");
            require(name, "producer.name");
            if (!java.util.Set.of("cooperative", "company", "household", "village_collective").contains(kind)) {
                throw new IllegalArgumentException(
                        "producer.kind must be cooperative, company, household or village_collective, was: " + kind);
            }
            if (households != null && households < 0) {
                throw new IllegalArgumentException("producer.households must be >= 0, was: " + households);
            }
        }
    }

    /**
     * The 扶贫产品认定 certificate: number, issuing body, first valid day (null: not known, as for
     * certificates typed by hand) and last valid day, both inclusive, in the center's zone.
     */
    public record Certification(String number, String issuer, LocalDate validFrom, LocalDate validUntil) {
        public Certification {
            require(number, "certification.number");
            require(issuer, "certification.issuer");
            if (validUntil == null) {
                throw new IllegalArgumentException("certification.valid_until is required");
            }
            if (validFrom != null && validUntil.isBefore(validFrom)) {
                throw new IllegalArgumentException("certification.valid_until is before valid_from");
            }
        }

        /** Without a known first day. */
        public Certification(String number, String issuer, LocalDate validUntil) {
            this(number, issuer, null, validUntil);
        }

        /** How the certificate stands on {@code day}. */
        public CertState state(LocalDate day) {
            return day.isAfter(validUntil) ? CertState.EXPIRED
                    : validFrom != null && day.isBefore(validFrom) ? CertState.UNCERTIFIED : CertState.CERTIFIED;
        }
    }

    /** Certified on a day, certified once but expired, or not certified (none, or not yet valid). */
    public enum CertState {
        CERTIFIED, EXPIRED, UNCERTIFIED;

        /** As the ledger and reports write it: certified, expired, uncertified. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** This product's standing on {@code day} (a local day of the center). */
    public CertState certState(LocalDate day) {
        return certification == null ? CertState.UNCERTIFIED : certification.state(day);
    }

    /** Traceability of the batch on sale; any field may be null. */
    public record Trace(String batch, LocalDate date, String inspection) {
    }

    public Product {
        require(sku, "sku");
        if (!sku.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("sku must be 1-64 of A-Z a-z 0-9 _ . -, was: " + sku);
        }
        require(nameZh, "name_zh");
        require(nameEn, "name_en");
        if (priceYuan == null || priceYuan.signum() < 0 || priceYuan.scale() > 2) {
            throw new IllegalArgumentException("price of " + sku + " must be >= 0 with at most two decimals, was: "
                    + priceYuan);
        }
        priceYuan = priceYuan.setScale(2);
        require(unit, "unit");
        require(spec, "spec");
        if (origin == null) {
            throw new IllegalArgumentException("origin of " + sku + " is required");
        }
        if (producer == null) {
            throw new IllegalArgumentException("producer of " + sku + " is required");
        }
        if (trace == null) {
            trace = new Trace(null, null, null);
        }
        if (color == null || !color.matches("#[0-9a-fA-F]{6}")) {
            color = "#7a8c5a";
        }
    }

    /** The price in fen (1/100 yuan), as the ledger stores money. */
    public long priceFen() {
        return priceYuan.movePointRight(2).longValueExact();
    }

    static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    /**
     * Checks a media address a person entered ({@code field}: image_url, video_url) before it is
     * stored: absent, an {@code https:} address, or a path on this hub ({@code /api/v1/media/…},
     * {@code /media/…}). {@code javascript:}, {@code data:}, {@code http:} and protocol-relative
     * {@code //host} addresses are refused with the reason, so no page of the hub ever loads or
     * links to them. Returns the address, trimmed; null when blank.
     */
    public static String mediaUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String u = url.trim();
        boolean ok;
        try {
            java.net.URI uri = new java.net.URI(u);
            boolean https = "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
            boolean local = uri.getScheme() == null && uri.getRawAuthority() == null && u.startsWith("/")
                    && !u.startsWith("//");
            ok = (https || local) && u.length() <= 2000 && u.chars().noneMatch(c -> c < 0x20 || c == '\\');
        } catch (java.net.URISyntaxException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalArgumentException(field + ": only an https:// address or a path on this hub (/…) is"
                    + " accepted, was: " + (u.length() > 40 ? u.substring(0, 40) + "…" : u));
        }
        return u;
    }
}
