package org.ssk.hub.catalog;

/**
 * Placeholder product images: an SVG drawn from the product's colour and names, so the catalog
 * needs no image files. Pure; thread-safe.
 */
public final class ProductImages {
    private ProductImages() {
    }

    /** The hub-relative URL kiosks load a product's image from. */
    public static String path(String sku) {
        return "/api/v1/products/" + java.net.URLEncoder.encode(sku, java.nio.charset.StandardCharsets.UTF_8)
                + "/image";
    }

    /** A 400x300 SVG: a rounded tile in the product colour with its Chinese and English names. */
    public static String placeholderSvg(Product p) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\" viewBox=\"0 0 400 300\">"
                + "<rect x=\"0\" y=\"0\" width=\"400\" height=\"300\" rx=\"24\" fill=\"" + p.color() + "\"/>"
                + "<circle cx=\"200\" cy=\"115\" r=\"60\" fill=\"#ffffff\" fill-opacity=\"0.35\"/>"
                + "<text x=\"200\" y=\"225\" font-size=\"34\" text-anchor=\"middle\" fill=\"#1b1b1b\""
                + " font-family=\"sans-serif\">" + escape(p.nameZh()) + "</text>"
                + "<text x=\"200\" y=\"262\" font-size=\"18\" text-anchor=\"middle\" fill=\"#1b1b1b\""
                + " font-family=\"sans-serif\">" + escape(p.nameEn()) + "</text></svg>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
