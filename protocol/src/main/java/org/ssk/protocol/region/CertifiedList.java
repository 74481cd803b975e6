package org.ssk.protocol.region;

import java.util.List;

/**
 * The region's certified-product list as a center fetches it ({@code GET /api/v1/certified}):
 * its version (increments on every change; 0 before anything was imported, which a hub does not
 * apply) and every certificate, current, not yet valid or expired, ordered by number.
 */
public record CertifiedList(long version, List<Certificate> certificates) {
    public CertifiedList {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
        certificates = List.copyOf(certificates);
    }

    /** The HTTP entity tag of this version, quoted as the header carries it. */
    public static String etag(long version) {
        return "\"certified-" + version + "\"";
    }
}
