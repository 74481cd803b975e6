package org.ssk.hub.kiosk;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Renders a QR code as a small SVG document: one {@code <path>} of unit squares on a white
 * background, a 4-module quiet zone, error correction M (readable from a phone a metre from the
 * screen even with glare). The SVG scales to any size without blur, so the kiosk sizes it with CSS.
 * Stateless and thread-safe.
 */
public final class QrSvg {
    private static final int QUIET_ZONE = 4;
    /** QR codes hold at most ~2 KB; order URLs are short, so a long text is a caller's mistake. */
    public static final int MAX_TEXT_CHARS = 1024;

    private QrSvg() {
    }

    /** The SVG of a QR code encoding {@code text} (UTF-8). */
    public static String render(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("QR text must be 1-" + MAX_TEXT_CHARS + " characters");
        }
        BitMatrix m;
        try {
            // Size 0: zxing returns the bare module matrix (one bit per module), no scaling or margin.
            m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode as a QR code: " + e.getMessage(), e);
        }
        int size = m.getWidth() + 2 * QUIET_ZONE;
        StringBuilder d = new StringBuilder(m.getWidth() * m.getHeight() * 4);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    d.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
                + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + d + "\"/></svg>";
    }
}
