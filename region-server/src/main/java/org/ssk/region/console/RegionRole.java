package org.ssk.region.console;

import java.util.Locale;

/**
 * What a region console account may do: {@code REGION_ADMIN} everything, including imports of the
 * certified list and accounts; {@code REGION_VIEWER} reads centers, reports, exports and entries.
 */
public enum RegionRole {
    REGION_ADMIN, REGION_VIEWER;

    /** {@code region-admin}, {@code region-viewer}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RegionRole parse(String s) {
        for (RegionRole r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be region-admin or region-viewer, was: " + s);
    }
}
