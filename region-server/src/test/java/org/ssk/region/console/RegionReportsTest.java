package org.ssk.region.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssk.region.store.ConsoleStore.SaleDay;

/** The region's report grouping, from a table of sale days: weeks across a year end, households once per producer. */
class RegionReportsTest {
    private static SaleDay sale(String center, String day, String producer, int households, boolean certified,
                                long qty) {
        return new SaleDay(center, "name " + center, LocalDate.parse(day), "sku-" + producer, qty, qty * 100, null, null,
                producer, producer == null ? null : "county of " + producer, producer == null ? null : households,
                certified);
    }

    @Test
    void aProducersHouseholdsCountOnceWhateverHowManyCentersSoldItsProducts() {
        List<SaleDay> sales = List.of(sale("c1", "2026-03-02", "p1", 10, true, 2), sale("c2", "2026-03-02", "p1", 10, true, 1),
                sale("c1", "2026-03-03", "p2", 7, true, 1), sale("c1", "2026-03-03", "p3", 5, false, 4),
                sale("c2", "2026-03-04", null, 0, false, 3));
        List<RegionReports.Row> byCenter = RegionReports.group(sales, RegionReports.Dimension.CENTER);
        assertEquals(List.of("c1", "c2"), byCenter.stream().map(RegionReports.Row::key).toList());
        assertEquals(17, byCenter.get(0).households(), "p1 and p2; p3 sold uncertified");
        assertEquals(10, byCenter.get(1).households());
        assertEquals(17, RegionReports.households(sales), "the total counts p1 once");
        assertEquals(7, byCenter.get(0).units());
        List<RegionReports.Row> byProducer = RegionReports.group(sales, RegionReports.Dimension.PRODUCER);
        assertEquals(RegionReports.NONE, byProducer.get(0).key());
        assertEquals(3, byProducer.get(0).units());
    }

    @Test
    void weeksAreIsoWeeksAcrossTheYearEnd() {
        List<SaleDay> sales = List.of(sale("c1", "2026-12-31", "p1", 1, true, 1), sale("c1", "2027-01-03", "p1", 1, true, 2),
                sale("c1", "2027-01-04", "p1", 1, true, 4));
        List<RegionReports.Row> weeks = RegionReports.group(sales, RegionReports.Dimension.WEEK);
        assertEquals(List.of("2026-W53", "2027-W01"), weeks.stream().map(RegionReports.Row::key).toList());
        assertEquals(List.of(3L, 4L), weeks.stream().map(RegionReports.Row::units).toList());
        assertEquals(List.of("2026-12", "2027-01"), RegionReports.group(sales, RegionReports.Dimension.MONTH).stream()
                .map(RegionReports.Row::key).toList());
    }
}
