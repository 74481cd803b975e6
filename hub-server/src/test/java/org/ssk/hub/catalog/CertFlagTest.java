package org.ssk.hub.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A product's certified flag on a day, from every certificate known for it. */
class CertFlagTest {
    static final LocalDate D = LocalDate.of(2026, 6, 15);
    static final Product.Certification OLD = new Product.Certification("OLD", "x", D.minusYears(2), D.minusDays(1));
    static final Product.Certification NEW = new Product.Certification("NEW", "x", D.plusDays(10), D.plusYears(1));
    static final Product.Certification NOW = new Product.Certification("NOW", "x", D.minusDays(10), D.plusDays(5));

    @Test
    void aCertificateValidThatDayMakesItCertifiedEvenWhenAnotherHadExpired() {
        assertEquals(new CertFlag(Product.CertState.CERTIFIED, "NOW"), CertFlag.at(List.of(OLD, NOW), D));
    }

    @Test
    void theLatestExpiredCertificateFlagsTheDayAfterItsLastDay() {
        assertEquals(new CertFlag(Product.CertState.EXPIRED, "OLD"), CertFlag.at(List.of(OLD, NEW), D));
        assertEquals(new CertFlag(Product.CertState.CERTIFIED, "OLD"), CertFlag.at(List.of(OLD, NEW), D.minusDays(1)));
        assertEquals(new CertFlag(Product.CertState.CERTIFIED, "NEW"), CertFlag.at(List.of(OLD, NEW), D.plusDays(10)));
    }

    @Test
    void aCertificateNotYetValidOrNoneLeavesItUncertified() {
        assertEquals(CertFlag.UNCERTIFIED, CertFlag.at(List.of(NEW), D));
        assertEquals(CertFlag.UNCERTIFIED, CertFlag.at(List.of(), D));
    }

    @Test
    void aCertificateTypedWithoutAFirstDayCountsUntilItsLastDay() {
        Product.Certification typed = new Product.Certification("T", "x", D);
        assertEquals(Product.CertState.CERTIFIED, typed.state(D.minusYears(30)));
        assertEquals(Product.CertState.EXPIRED, typed.state(D.plusDays(1)));
    }
}
