package org.ssk.protocol.region;

import java.util.regex.Pattern;

/** The rule for a center id, shared by the hub's configuration and the region's edge. */
public final class CenterId {
    /** The rule in words, for error messages. */
    public static final String RULE = "1-64 characters of a-z, A-Z, 0-9, '-' or '_'";
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private CenterId() {
    }

    public static boolean valid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
