package org.ssk.hub.kiosk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrSvgTest {
    private static final Pattern VIEWBOX = Pattern.compile("viewBox=\"0 0 (\\d+) \\d+\"");
    private static final Pattern MODULE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

    /** Rasterizes the SVG's unit squares (4 px each) and reads the code back with zxing's decoder. */
    private static String decode(String svg) throws Exception {
        Matcher vb = VIEWBOX.matcher(svg);
        vb.find();
        int modules = Integer.parseInt(vb.group(1));
        int scale = 4;
        int side = modules * scale;
        int[] pixels = new int[side * side];
        Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher m = MODULE.matcher(svg);
        while (m.find()) {
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    pixels[(y * scale + dy) * side + x * scale + dx] = 0xFF000000;
                }
            }
        }
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    @Test
    void theSvgReadsBackAsTheOrderUrl() throws Exception {
        String url = "https://shop.example.org/p/dy-rice-2500";
        assertEquals(url, decode(QrSvg.render(url)));
    }

    @Test
    void chineseTextSurvivesAsUtf8() throws Exception {
        String url = "https://shop.example.org/p/东源大米";
        assertEquals(url, decode(QrSvg.render(url)));
    }

    @Test
    void emptyOrHugeTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QrSvg.render(""));
        assertThrows(IllegalArgumentException.class, () -> QrSvg.render("x".repeat(QrSvg.MAX_TEXT_CHARS + 1)));
    }
}
