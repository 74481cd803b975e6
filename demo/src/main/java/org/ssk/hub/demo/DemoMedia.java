package org.ssk.hub.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ssk.hub.catalog.Product;

/**
 * The demo's producer pictures, drawn by the demo itself at start (no downloads, no files in the
 * repository): for every producer of the catalog whose {@code photo_url} points into
 * {@code /media/demo/}, an SVG illustration of its people at work in their fields (terraces, a
 * house, farmers in straw hats, seeded by the producer's id so each looks different) with its
 * name, written to {@code DATA_DIR/media/demo/}. Files already there are left alone, so an
 * operator may replace them with real photos.
 */
public final class DemoMedia {
    /** URL prefix of the pictures the demo draws, under the hub's {@code /media/}. */
    static final String PREFIX = "/media/demo/";

    private DemoMedia() {
    }

    /** Writes the missing producer pictures of {@code products} under {@code mediaDir}; returns how many. */
    public static int writeProducerPictures(Path mediaDir, List<Product> products) throws IOException {
        Map<String, Product.Producer> wanted = new LinkedHashMap<>();
        for (Product p : products) {
            String url = p.producer().photoUrl();
            if (url != null && url.startsWith(PREFIX) && url.substring(PREFIX.length()).matches("[A-Za-z0-9_.-]+\\.svg")) {
                wanted.putIfAbsent(url.substring(PREFIX.length()), p.producer());
            }
        }
        int written = 0;
        Path dir = Files.createDirectories(mediaDir.resolve("demo"));
        for (var e : wanted.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.exists(file)) {
                Files.writeString(file, producerSvg(e.getValue()), StandardCharsets.UTF_8);
                written++;
            }
        }
        return written;
    }

    /** A 400x300 illustration of a producer's people in their fields, captioned with its name. */
    static String producerSvg(Product.Producer p) {
        Random r = new Random(p.id().hashCode());
        String[] greens = {"#7fb069", "#5e9a4f", "#8cbf6a", "#4f8a45", "#9ccf7a"};
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\" viewBox=\"0 0 400 300\">")
                .append("<defs><linearGradient id=\"s\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"><stop offset=\"0\"")
                .append(" stop-color=\"#a9d4ee\"/><stop offset=\"1\" stop-color=\"#f7efd8\"/></linearGradient></defs>")
                .append("<rect width=\"400\" height=\"300\" fill=\"url(#s)\"/>")
                .append("<path d=\"M0 120 L60 70 L120 110 L190 55 L260 105 L330 65 L400 100 V300 H0Z\" fill=\"#8fa9a0\"/>");
        for (int i = 0; i < 5; i++) {
            int y = 130 + i * 30;
            int wave = 10 + r.nextInt(20);
            s.append("<path d=\"M0 ").append(y).append(" Q100 ").append(y - wave).append(" 200 ").append(y)
                    .append(" T400 ").append(y).append(" V300 H0Z\" fill=\"").append(greens[(i + r.nextInt(2)) % 5])
                    .append("\"/>");
        }
        int hx = 40 + r.nextInt(260);
        s.append("<rect x=\"").append(hx).append("\" y=\"112\" width=\"54\" height=\"36\" fill=\"#f1e6cf\"")
                .append(" stroke=\"#6b5a40\" stroke-width=\"2\"/><path d=\"M").append(hx - 6).append(" 114 L")
                .append(hx + 27).append(" 92 L").append(hx + 60).append(" 114Z\" fill=\"#7a4a32\"/>");
        int people = 2 + r.nextInt(2);
        for (int i = 0; i < people; i++) {
            int x = 90 + i * (220 / people) + r.nextInt(30);
            int y = 200 + r.nextInt(20);
            String shirt = new String[] {"#2f6b3f", "#a8322d", "#3a5a8c", "#8a5a00"}[r.nextInt(4)];
            s.append("<g><rect x=\"").append(x - 11).append("\" y=\"").append(y).append("\" width=\"22\" height=\"34\"")
                    .append(" rx=\"6\" fill=\"").append(shirt).append("\"/><circle cx=\"").append(x).append("\" cy=\"")
                    .append(y - 9).append("\" r=\"9\" fill=\"#e0b48a\"/><path d=\"M").append(x - 20).append(' ')
                    .append(y - 12).append(" L").append(x).append(' ').append(y - 28).append(" L").append(x + 20)
                    .append(' ').append(y - 12).append("Z\" fill=\"#d9b45a\" stroke=\"#8a6a2a\" stroke-width=\"1.5\"/>")
                    .append("<path d=\"M").append(x + 10).append(' ').append(y + 6).append(" l18 14\" stroke=\"")
                    .append(shirt).append("\" stroke-width=\"6\" stroke-linecap=\"round\"/>")
                    .append("<ellipse cx=\"").append(x + 30).append("\" cy=\"").append(y + 26)
                    .append("\" rx=\"16\" ry=\"9\" fill=\"#c89b4a\" stroke=\"#7a5a22\" stroke-width=\"2\"/></g>");
        }
        s.append("<rect x=\"20\" y=\"254\" width=\"360\" height=\"36\" rx=\"8\" fill=\"#ffffff\" fill-opacity=\".9\"/>")
                .append("<text x=\"200\" y=\"278\" font-size=\"15\" text-anchor=\"middle\" fill=\"#1d2a22\"")
                .append(" font-family=\"Noto Sans CJK SC, sans-serif\">")
                .append(p.name().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                .append("</text></svg>");
        return s.toString();
    }
}
