package org.ssk.hub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.catalog.ProductImages;

/** The pictures and frames the demo draws itself: different per product, never a blank tile. */
class DemoMediaTest {
    @TempDir
    Path dir;

    static List<Product> sample() throws Exception {
        var db = org.ssk.hub.ledger.Database.open("jdbc:sqlite:" + Files.createTempFile("catalog", ".db"));
        var catalog = new org.ssk.hub.catalog.Catalog(db);
        org.ssk.hub.catalog.SampleCatalog.load(catalog, 0);
        return catalog.products();
    }

    @Test
    void everyProducerOfTheSampleGetsItsOwnPictureOnceAndAnOperatorsFileIsKept() throws Exception {
        List<Product> products = sample();
        Set<String> producers = new HashSet<>();
        products.forEach(p -> producers.add(p.producer().id()));
        assertEquals(producers.size(), DemoMedia.writeProducerPictures(dir, products));
        Set<String> pictures = new HashSet<>();
        for (String id : producers) {
            String svg = Files.readString(dir.resolve("demo/producer-" + id + ".svg"));
            assertTrue(svg.startsWith("<svg") && svg.contains("<text"), svg);
            pictures.add(svg);
        }
        assertEquals(producers.size(), pictures.size(), "no two producers share a picture");
        Path one = dir.resolve("demo/producer-" + producers.iterator().next() + ".svg");
        Files.writeString(one, "<svg>real photo</svg>");
        assertEquals(0, DemoMedia.writeProducerPictures(dir, products));
        assertEquals("<svg>real photo</svg>", Files.readString(one));
    }

    @Test
    void productPicturesDrawWhatTheProductIsNotJustItsName() throws Exception {
        Set<String> shapes = new HashSet<>();
        for (Product p : sample()) {
            String svg = ProductImages.placeholderSvg(p);
            assertTrue(svg.contains(p.nameZh()), p.sku());
            shapes.add(svg.replace(p.nameZh(), "").replace(p.nameEn(), "").replaceAll("fill=\"#[0-9a-fA-F]{6}\"", ""));
        }
        assertTrue(shapes.size() >= 6, "products of different kinds are drawn differently: " + shapes.size());
    }

    @Test
    void theClipsFramesMoveAndCarryTheTitle() {
        BufferedImage first = DemoVideo.frame(0, "东源客家大米");
        BufferedImage later = DemoVideo.frame(DemoVideo.FRAMES / 2, "东源客家大米");
        assertEquals(DemoVideo.WIDTH, first.getWidth());
        int differ = 0;
        for (int y = 0; y < first.getHeight(); y += 4) {
            for (int x = 0; x < first.getWidth(); x += 4) {
                differ += first.getRGB(x, y) != later.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(differ > 500, "frames differ in " + differ + " sampled pixels");
    }
}
