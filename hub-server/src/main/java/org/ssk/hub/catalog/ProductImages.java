package org.ssk.hub.catalog;

import java.util.Locale;

/**
 * Product pictures for products without an uploaded image: an SVG illustration of the product
 * (a rice sack, a bottle of oil, a jar of honey, a tea box, eggs, fruit, noodles, a vegetable
 * basket) in its colour, standing in the landscape it comes from, with its Chinese and English
 * names on a label. Drawn from the catalog alone, so a new catalog needs no image files and
 * nothing is downloaded. Pure; thread-safe.
 */
public final class ProductImages {
    private ProductImages() {
    }

    /** The hub-relative URL kiosks load a product's image from. */
    public static String path(String sku) {
        return "/api/v1/products/" + java.net.URLEncoder.encode(sku, java.nio.charset.StandardCharsets.UTF_8)
                + "/image";
    }

    /** What the picture shows, guessed from the English name. */
    enum Kind { SACK, BOTTLE, JAR, TEA, EGGS, FRUIT, BUNDLE, BASKET }

    static Kind kind(Product p) {
        String n = (p.nameEn() + " " + p.sku()).toLowerCase(Locale.ROOT);
        if (n.contains("oil") || n.contains("wine")) {
            return Kind.BOTTLE;
        } else if (n.contains("honey")) {
            return Kind.JAR;
        } else if (n.contains("tea")) {
            return Kind.TEA;
        } else if (n.contains("egg")) {
            return Kind.EGGS;
        } else if (n.contains("kiwi") || n.contains("plum") || n.contains("fruit") || n.contains("orange")) {
            return Kind.FRUIT;
        } else if (n.contains("noodle") || n.contains("yuba") || n.contains("vermicelli")) {
            return Kind.BUNDLE;
        } else if (n.contains("veg") || n.contains("box")) {
            return Kind.BASKET;
        }
        return Kind.SACK;
    }

    /** A 400x300 SVG illustration of {@code p} with its names. */
    public static String placeholderSvg(Product p) {
        String c = p.color() == null || !p.color().matches("#[0-9a-fA-F]{6}") ? "#c9b27c" : p.color();
        StringBuilder s = new StringBuilder(2048);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\" viewBox=\"0 0 400 300\">")
                .append("<defs><linearGradient id=\"sky\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">")
                .append("<stop offset=\"0\" stop-color=\"#cfe8f3\"/><stop offset=\"1\" stop-color=\"#fdf6e3\"/>")
                .append("</linearGradient></defs>")
                .append("<rect width=\"400\" height=\"300\" fill=\"url(#sky)\"/>")
                .append("<circle cx=\"330\" cy=\"58\" r=\"26\" fill=\"#f6c453\"/>")
                .append("<path d=\"M0 170 Q70 110 140 150 T290 135 T400 150 V300 H0Z\" fill=\"#9cc49a\"/>")
                .append("<path d=\"M0 205 Q90 165 200 195 T400 185 V300 H0Z\" fill=\"#6fa56d\"/>")
                .append("<path d=\"M0 240 Q120 215 230 238 T400 232 V300 H0Z\" fill=\"#4d8a4f\"/>");
        switch (kind(p)) {
            case SACK -> s.append("<path d=\"M150 105 Q200 88 250 105 L262 228 Q200 246 138 228Z\" fill=\"").append(c)
                    .append("\" stroke=\"#6b5a32\" stroke-width=\"3\"/><path d=\"M160 104 Q200 84 240 104\" fill=\"none\"")
                    .append(" stroke=\"#6b5a32\" stroke-width=\"5\"/><ellipse cx=\"200\" cy=\"168\" rx=\"30\" ry=\"20\"")
                    .append(" fill=\"#fff\" fill-opacity=\".7\"/>");
            case BOTTLE -> s.append("<rect x=\"186\" y=\"78\" width=\"28\" height=\"34\" rx=\"4\" fill=\"#5a4a2a\"/>")
                    .append("<path d=\"M178 112 H222 Q246 130 246 160 V230 Q246 240 236 240 H164 Q154 240 154 230 V160")
                    .append(" Q154 130 178 112Z\" fill=\"").append(c).append("\" stroke=\"#5a4a2a\" stroke-width=\"3\"/>")
                    .append("<rect x=\"166\" y=\"166\" width=\"68\" height=\"40\" rx=\"6\" fill=\"#fff\" fill-opacity=\".8\"/>");
            case JAR -> s.append("<rect x=\"165\" y=\"98\" width=\"70\" height=\"22\" rx=\"5\" fill=\"#7a5a22\"/>")
                    .append("<rect x=\"152\" y=\"118\" width=\"96\" height=\"118\" rx=\"22\" fill=\"").append(c)
                    .append("\" stroke=\"#7a5a22\" stroke-width=\"3\"/><path d=\"M176 160 l12 -8 12 8 v14 l-12 8")
                    .append(" -12 -8Z M200 160 l12 -8 12 8 v14 l-12 8 -12 -8Z\" fill=\"#fff\" fill-opacity=\".6\"/>");
            case TEA -> s.append("<rect x=\"140\" y=\"120\" width=\"120\" height=\"112\" rx=\"8\" fill=\"").append(c)
                    .append("\" stroke=\"#3e5a2c\" stroke-width=\"3\"/><rect x=\"140\" y=\"106\" width=\"120\"")
                    .append(" height=\"22\" rx=\"6\" fill=\"#3e5a2c\"/><path d=\"M200 150 Q232 160 214 200 Q178 196")
                    .append(" 200 150Z\" fill=\"#2f6b3f\"/><path d=\"M203 158 L210 196\" stroke=\"#cfe8c0\" stroke-width=\"2\"/>");
            case EGGS -> {
                s.append("<rect x=\"124\" y=\"180\" width=\"152\" height=\"52\" rx=\"10\" fill=\"#c8a878\"/>");
                for (int i = 0; i < 4; i++) {
                    s.append("<ellipse cx=\"").append(146 + 36 * i).append("\" cy=\"172\" rx=\"16\" ry=\"21\" fill=\"")
                            .append(c).append("\" stroke=\"#9a8058\" stroke-width=\"2\"/>");
                }
            }
            case FRUIT -> {
                int[][] at = {{170, 190}, {228, 192}, {199, 150}};
                for (int[] f : at) {
                    s.append("<circle cx=\"").append(f[0]).append("\" cy=\"").append(f[1]).append("\" r=\"34\" fill=\"")
                            .append(c).append("\" stroke=\"#5a3a2a\" stroke-width=\"3\"/>")
                            .append("<path d=\"M").append(f[0]).append(' ').append(f[1] - 34).append(" q10 -16 24 -12\"")
                            .append(" stroke=\"#2f6b3f\" stroke-width=\"5\" fill=\"none\"/>");
                }
            }
            case BUNDLE -> {
                for (int i = 0; i < 9; i++) {
                    s.append("<rect x=\"").append(150 + 11 * i).append("\" y=\"96\" width=\"8\" height=\"140\" rx=\"4\"")
                            .append(" fill=\"").append(c).append("\" stroke=\"#8a7040\" stroke-width=\"1.5\"/>");
                }
                s.append("<rect x=\"144\" y=\"156\" width=\"112\" height=\"18\" rx=\"4\" fill=\"#a8322d\"/>");
            }
            case BASKET -> s.append("<circle cx=\"170\" cy=\"150\" r=\"26\" fill=\"#4d8a3f\"/><circle cx=\"206\" cy=\"140\"")
                    .append(" r=\"28\" fill=\"#e07a3a\"/><circle cx=\"238\" cy=\"154\" r=\"24\" fill=\"#8fbf4a\"/>")
                    .append("<path d=\"M128 160 H272 L254 236 H146Z\" fill=\"").append(c)
                    .append("\" stroke=\"#7a5a32\" stroke-width=\"3\"/><path d=\"M140 186 H260 M146 212 H254\"")
                    .append(" stroke=\"#7a5a32\" stroke-width=\"3\"/>");
        }
        s.append("<rect x=\"40\" y=\"248\" width=\"320\" height=\"44\" rx=\"10\" fill=\"#ffffff\" fill-opacity=\".92\"/>")
                .append("<text x=\"200\" y=\"270\" font-size=\"20\" text-anchor=\"middle\" fill=\"#1d2a22\"")
                .append(" font-family=\"Noto Sans CJK SC, sans-serif\" font-weight=\"700\">").append(escape(p.nameZh()))
                .append("</text><text x=\"200\" y=\"286\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1d2a22\"")
                .append(" font-family=\"sans-serif\">").append(escape(p.nameEn())).append("</text></svg>");
        return s.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
