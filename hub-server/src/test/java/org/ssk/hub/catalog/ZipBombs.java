package org.ssk.hub.catalog;

import java.io.ByteArrayOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hostile workbooks made in the tests: archives that inflate far beyond their size. */
public final class ZipBombs {
    private ZipBombs() {
    }

    /** A ZIP whose one entry is {@code size} bytes of one letter: deflates about a thousand to one. */
    public static byte[] bomb(String name, long size) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes());
            zip.putNextEntry(new ZipEntry(name));
            byte[] chunk = "a".repeat(1 << 20).getBytes();
            for (long w = 0; w < size; w += chunk.length) {
                zip.write(chunk, 0, (int) Math.min(chunk.length, size - w));
            }
        }
        return out.toByteArray();
    }

    /** {@code zip} with the central directory's inflated size of every entry set to {@code declared}: a liar. */
    public static byte[] lying(byte[] zip, long declared) {
        byte[] b = zip.clone();
        for (int i = 0; i + 46 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
                for (int k = 0; k < 4; k++) {
                    b[i + 24 + k] = (byte) (declared >>> (8 * k));
                }
            }
        }
        return b;
    }

}
