package org.ssk.hub.catalog;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The certified flag of one product on one local day, from every certificate known for it (the
 * region's list, current and past, and the catalog's own): certified when one is valid that day
 * (its number), else expired when one had expired by then (the latest), else uncertified. What
 * the ledger writes on a sale line. Pure.
 */
public record CertFlag(Product.CertState state, String number) {
    public static final CertFlag UNCERTIFIED = new CertFlag(Product.CertState.UNCERTIFIED, null);

    public static CertFlag at(List<Product.Certification> certificates, LocalDate day) {
        Comparator<Product.Certification> byEnd = Comparator.comparing(Product.Certification::validUntil);
        return certificates.stream().filter(c -> c.state(day) == Product.CertState.CERTIFIED).max(byEnd)
                .or(() -> certificates.stream().filter(c -> c.state(day) == Product.CertState.EXPIRED).max(byEnd))
                .map(c -> new CertFlag(c.state(day), c.number())).orElse(UNCERTIFIED);
    }
}
