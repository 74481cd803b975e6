package org.ssk.hub.kiosk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cutting a face out of a font collection, on small collections built here the way the OpenType
 * spec lays them out: a shared 'head' table and one 'name' table per face. The browser tests load
 * the faces cut from Debian's real Noto CJK collections into Chromium.
 */
class FontCollectionTest {
    static final int OTTO = 0x4F54544F;

    /** A 'name' table with one Windows English family name (name ID 1). */
    static byte[] nameTable(String family) {
        byte[] text = family.getBytes(StandardCharsets.UTF_16BE);
        return ByteBuffer.allocate(6 + 12 + text.length).putShort((short) 0).putShort((short) 1)
                .putShort((short) 18).putShort((short) 3).putShort((short) 1).putShort((short) 0x409)
                .putShort((short) 1).putShort((short) text.length).putShort((short) 0).put(text).array();
    }

    static byte[] headTable() {
        return ByteBuffer.allocate(54).putInt(0x00010000).putInt(0x00010000).putInt(0x12345678)
                .putInt(0x5F0F3CF5).array();
    }

    /**
     * A collection of faces, one per family: every face shares the head table, each has its own
     * name table. Tables are placed after all directories, 4-byte aligned.
     */
    static byte[] collection(List<String> families) {
        int faces = families.size();
        int dirs = 12 + 4 * faces;
        int dirSize = 12 + 16 * 2;
        int data = dirs + dirSize * faces;
        ByteArrayOutputStream tables = new ByteArrayOutputStream();
        byte[] head = headTable();
        int headAt = data;
        tables.writeBytes(head);
        tables.writeBytes(new byte[(4 - head.length % 4) % 4]);
        ByteBuffer out = ByteBuffer.allocate(data + 4096);
        out.putInt(0x74746366).putInt(0x00010000).putInt(faces);
        for (int i = 0; i < faces; i++) {
            out.putInt(dirs + dirSize * i);
        }
        for (int i = 0; i < faces; i++) {
            byte[] name = nameTable(families.get(i));
            int nameAt = data + tables.size();
            tables.writeBytes(name);
            tables.writeBytes(new byte[(4 - name.length % 4) % 4]);
            out.putInt(OTTO).putShort((short) 2).putShort((short) 32).putShort((short) 1).putShort((short) 0);
            out.putInt(0x68656164).putInt(1).putInt(headAt).putInt(head.length);
            out.putInt(0x6e616d65).putInt(2).putInt(nameAt).putInt(name.length);
        }
        out.put(tables.toByteArray());
        byte[] all = new byte[out.position()];
        out.flip().get(all);
        return all;
    }

    @Test
    void theFamiliesOfACollectionAreListedInOrder() throws Exception {
        byte[] ttc = collection(List.of("Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC"));
        assertEquals(List.of("Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC"), FontCollection.families(ttc));
    }

    @Test
    void theChosenFaceBecomesAStandaloneFontWithItsOwnTables() throws Exception {
        byte[] ttc = collection(List.of("Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC"));
        byte[] sc = FontCollection.extract(ttc, "Noto Sans CJK SC").orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(sc);
        assertEquals(OTTO, b.getInt(0), "a CFF-flavoured OpenType font, not a collection");
        assertEquals(2, b.getShort(4));
        assertEquals(List.of("Noto Sans CJK SC"), FontCollection.families(sc));
        int headAt = b.getInt(12 + 8);
        byte[] versions = new byte[8];
        b.get(headAt, versions);
        assertArrayEquals(java.util.Arrays.copyOf(headTable(), 8), versions, "the shared head table is copied");
        long sum = 0;
        for (int i = 0; i < sc.length; i += 4) {
            sum += Integer.toUnsignedLong(b.getInt(i));
        }
        assertEquals(0xB1B0AFBAL, sum & 0xFFFFFFFFL, "the whole-font checksum comes out as the spec's constant");
    }

    @Test
    void aFamilyTheCollectionLacksIsEmpty() throws Exception {
        assertTrue(FontCollection.extract(collection(List.of("Noto Sans CJK JP")), "Noto Serif CJK SC").isEmpty());
    }

    @Test
    void aFileThatIsNoFontIsRefusedInWords() {
        byte[] junk = "<html>not a font</html>".getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(FontCollection.FontException.class, () -> FontCollection.families(junk));
        assertTrue(e.getMessage().contains("not an OpenType font"), e.getMessage());
        assertThrows(FontCollection.FontException.class, () -> FontCollection.families(new byte[] {0x74, 0x74, 0x63}));
    }
}
