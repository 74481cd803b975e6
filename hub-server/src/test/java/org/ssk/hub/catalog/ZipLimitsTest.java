package org.ssk.hub.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.ssk.sheets.Sheets;
import org.ssk.sheets.ZipLimits;

class ZipLimitsTest {
    @Test
    void aRealWorkbookPasses() throws Exception {
        ZipLimits.check(Sheets.toXlsx("t", List.of(List.of("sku", "qty"), List.of("dy-rice-2500", 3))));
    }

    @Test
    void aWorkbookInflatingPastTheLimitIsRefusedFromItsDirectory() throws Exception {
        ZipLimits.Refused e = assertThrows(ZipLimits.Refused.class,
                () -> ZipLimits.check(ZipBombs.bomb("xl/sharedStrings.xml", ZipLimits.MAX_INFLATED + (1 << 20))));
        assertTrue(e.tooLarge());
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
    }

    @Test
    void aHighlyCompressedPartIsRefusedByItsRatio() throws Exception {
        ZipLimits.Refused e = assertThrows(ZipLimits.Refused.class,
                () -> ZipLimits.check(ZipBombs.bomb("xl/sharedStrings.xml", 8L << 20)));
        assertTrue(e.getMessage().contains("compressed"), e.getMessage());
    }

    @Test
    void aDirectoryThatUnderstatesSizesIsCaughtWhileInflating() throws Exception {
        ZipLimits.Refused e = assertThrows(ZipLimits.Refused.class,
                () -> ZipLimits.check(ZipBombs.lying(ZipBombs.bomb("xl/sharedStrings.xml", 4L << 20), 1000)));
        assertTrue(e.tooLarge());
        assertTrue(e.getMessage().contains("declared"), e.getMessage());
    }

    @Test
    void tooManyEntriesAndAFileWithoutDirectoryAreRefusedWithAReason() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i <= ZipLimits.MAX_ENTRIES; i++) {
                zip.putNextEntry(new ZipEntry("x" + i));
            }
        }
        assertTrue(assertThrows(ZipLimits.Refused.class, () -> ZipLimits.check(out.toByteArray())).tooLarge());
        ZipLimits.Refused damaged = assertThrows(ZipLimits.Refused.class,
                () -> ZipLimits.check(new byte[] {'P', 'K', 3, 4, 1, 2, 3}));
        assertFalse(damaged.tooLarge());
        assertEquals(false, damaged.getMessage().contains("Exception"));
    }
}
