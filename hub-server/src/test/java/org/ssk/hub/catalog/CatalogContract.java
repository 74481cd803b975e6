package org.ssk.hub.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.hub.ledger.Database;
import org.ssk.protocol.ShelfConfig;
import org.ssk.sheets.Sheets;

/** The behaviour of the {@link Catalog} store, run against SQLite and PostgreSQL. */
abstract class CatalogContract {
    protected Database db;
    protected Catalog catalog;

    protected abstract Database openDatabase() throws Exception;

    protected void dropDatabase(Database db) throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        catalog = new Catalog(db);
        SampleCatalog.load(catalog, 1_000);
    }

    @AfterEach
    void close() throws Exception {
        dropDatabase(db);
    }

    @Test
    void theSampleReadsBackExactlyAsItWasWritten() throws Exception {
        List<Product> expected = new ArrayList<>(SampleCatalog.read().products());
        expected.sort(java.util.Comparator.comparing(Product::sku));
        assertEquals(expected, catalog.products());
        Product honey = catalog.product("ly-honey-500").orElseThrow();
        assertEquals("乐业县", honey.origin().county());
        assertEquals(45, honey.producer().households());
        assertEquals(new BigDecimal("98.00"), honey.priceYuan());
    }

    @Test
    void aPriceChangeKeepsThePreviousPriceForEarlierTimes() throws Exception {
        Product rice = catalog.product("dy-rice-2500").orElseThrow();
        catalog.saveProducts(List.of(withPrice(rice, "42.50")), 5_000);
        assertEquals(3990L, catalog.priceFenAt("dy-rice-2500", 4_999).orElseThrow());
        assertEquals(4250L, catalog.priceFenAt("dy-rice-2500", 5_000).orElseThrow());
        assertTrue(catalog.priceFenAt("dy-rice-2500", 999).isEmpty());
        assertEquals(new BigDecimal("42.50"), catalog.product("dy-rice-2500").orElseThrow().priceYuan());
    }

    @Test
    void theShelfConfigVersionIncreasesOnlyWhenThePlanogramChanges() throws Exception {
        ShelfConfig before = catalog.shelfConfig("S1").orElseThrow();
        assertEquals(5, before.lanes().size());
        assertEquals("东源客家大米", before.lanes().get(0).name());
        Shelf s1 = catalog.shelf("S1").orElseThrow();
        catalog.savePlanogram("S1", s1.name(), s1.lanes());
        assertEquals(before.version(), catalog.shelfConfig("S1").orElseThrow().version());
        List<Shelf.Lane> lanes = new ArrayList<>(s1.lanes());
        lanes.set(4, new Shelf.Lane("5", "lyun-plum-100", 108));
        catalog.savePlanogram("S1", s1.name(), lanes);
        ShelfConfig after = catalog.shelfConfig("S1").orElseThrow();
        assertTrue(after.version() > before.version());
        assertEquals("lyun-plum-100", after.lanes().get(4).sku());
    }

    @Test
    void aLanesCapacityIsStoredChangesTheVersionAndSurvivesAPlanogramRoundTrip() throws Exception {
        Shelf s1 = catalog.shelf("S1").orElseThrow();
        assertEquals(10, s1.lanes().get(0).capacity(), "the sample gives lane 1 its capacity");
        long version = s1.configVersion();
        List<Shelf.Lane> lanes = new ArrayList<>(s1.lanes());
        Shelf.Lane l2 = lanes.get(1);
        lanes.set(0, new Shelf.Lane("1", "dy-rice-2500", 2530, 14));
        lanes.set(1, new Shelf.Lane(l2.lane(), l2.sku(), l2.unitGrams(), null));
        Shelf saved = catalog.savePlanogram("S1", s1.name(), lanes);
        assertTrue(saved.configVersion() > version, "a new capacity is a change of the planogram");
        Shelf back = catalog.shelf("S1").orElseThrow();
        assertEquals(14, back.lanes().get(0).capacity());
        assertEquals(null, back.lanes().get(1).capacity(), "an unknown capacity stays unknown, not 0");

        List<List<String>> rows = Sheets.fromCsv(Sheets.toCsv(ProductTable.planogramRows(catalog.shelves())));
        assertEquals(ProductTable.CAPACITY_COLUMN, rows.get(0).get(5));
        java.util.Set<String> skus = new java.util.HashSet<>();
        catalog.products().forEach(p -> skus.add(p.sku()));
        assertEquals(catalog.shelves().stream().map(Shelf::lanes).toList(),
                ProductTable.parsePlanogram(rows, skus).items().stream().map(Shelf::lanes).toList());
        rows.get(1).set(5, "2.5");
        assertTrue(ProductTable.parsePlanogram(rows, skus).errors().getFirst().startsWith("row 2, capacity"),
                ProductTable.parsePlanogram(rows, skus).errors().toString());
    }

    @Test
    void productsSurviveARoundTripThroughCsvAndXlsx() throws Exception {
        List<Product> products = catalog.products();
        byte[] csv = Sheets.toCsv(ProductTable.toRows(products));
        byte[] xlsx = Sheets.toXlsx("products", ProductTable.toRows(products));
        assertEquals(products, ProductTable.parseProducts(Sheets.fromCsv(csv)).items());
        assertEquals(products, ProductTable.parseProducts(Sheets.fromXlsx(new ByteArrayInputStream(xlsx))).items());
        assertEquals(List.of(), catalog.importProducts(Sheets.fromCsv(csv), 2_000));
        assertEquals(products, catalog.products());
    }

    @Test
    void anImportWithBadRowsNamesEachRowAndStoresNothing() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> r : ProductTable.toRows(catalog.products())) {
            rows.add(r.stream().map(v -> v == null ? "" : v.toString()).collect(java.util.stream.Collectors.toList()));
        }
        int price = ProductTable.COLUMNS.indexOf("price_yuan");
        int county = ProductTable.COLUMNS.indexOf("county");
        rows.get(1).set(price, "1O.00");
        rows.get(2).set(price, "99.99");
        rows.get(3).set(county, "");
        List<String> errors = catalog.importProducts(rows, 2_000);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("row 2, price_yuan"), errors.get(0));
        assertTrue(errors.get(1).startsWith("row 4, origin.county"), errors.get(1));
        assertEquals(4500L, catalog.priceFenAt("dy-egg-30", 3_000).orElseThrow(), "the valid rows were not stored");
    }

    @Test
    void aPlanogramImportChangesOnlyTheShelvesThatDiffer() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (List<Object> r : ProductTable.planogramRows(catalog.shelves())) {
            rows.add(r.stream().map(v -> v == null ? "" : v.toString()).collect(java.util.stream.Collectors.toList()));
        }
        rows.get(1).set(4, "2600");
        long s1 = catalog.shelf("S1").orElseThrow().configVersion();
        long s2 = catalog.shelf("S2").orElseThrow().configVersion();
        assertEquals(List.of(), catalog.importPlanogram(rows));
        assertEquals(s1 + 1, catalog.shelf("S1").orElseThrow().configVersion());
        assertEquals(s2, catalog.shelf("S2").orElseThrow().configVersion());
        rows.get(2).set(3, "no-such-sku");
        List<String> errors = catalog.importPlanogram(rows);
        assertEquals(List.of("row 3, sku: no product no-such-sku in the catalog"), errors);
    }

    private static Product withPrice(Product p, String yuan) {
        return new Product(p.sku(), p.nameZh(), p.nameEn(), new BigDecimal(yuan), p.unit(), p.spec(), p.introZh(),
                p.introEn(), p.storyZh(), p.storyEn(), p.origin(), p.producer(), p.season(), p.outputScale(),
                p.annualOutput(), p.marketPrice(), p.certification(), p.trace(), p.color(), p.imageUrl(), p.videoUrl());
    }
}
