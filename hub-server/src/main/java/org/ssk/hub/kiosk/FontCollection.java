package org.ssk.hub.kiosk;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads OpenType font files and cuts one face out of a collection: Debian's fonts-noto-cjk ships
 * each weight as a {@code .ttc} holding the Japanese, Korean, Simplified and Traditional Chinese
 * faces, while a browser given a collection through {@code @font-face} uses its first face (the
 * Japanese one). {@link #extract} rebuilds the chosen face as a standalone {@code .otf}: the same
 * tables, copied, with a new table directory (OpenType spec, "Font Collections" and "Table
 * Directory"). Pure; stateless and thread-safe.
 */
public final class FontCollection {
    private static final int TTCF = 0x74746366;
    private static final int HEAD = 0x68656164;
    private static final int NAME = 0x6e616d65;
    /** The constant the whole-font checksum is subtracted from (spec, 'head' table). */
    private static final long CHECKSUM_MAGIC = 0xB1B0AFBAL;

    private FontCollection() {
    }

    /** A font file that is not OpenType, or a collection without the wanted face. */
    public static final class FontException extends Exception {
        private static final long serialVersionUID = 1L;

        FontException(String message) {
            super(message);
        }
    }

    private record Table(int tag, int checksum, int offset, int length) {
    }

    /**
     * The typographic family names of every face in {@code font} (one for a plain font), in
     * collection order: name ID 16 when present, else name ID 1, Windows English records.
     */
    public static List<String> families(byte[] font) throws FontException {
        ByteBuffer b = ByteBuffer.wrap(font);
        List<String> out = new ArrayList<>();
        for (int offset : faceOffsets(b)) {
            out.add(family(b, tables(b, offset)));
        }
        return out;
    }

    /**
     * The face of {@code font} whose family is {@code family}, as a standalone OpenType font;
     * a plain font of that family is returned as it is. Empty when no face has that family.
     */
    public static Optional<byte[]> extract(byte[] font, String family) throws FontException {
        ByteBuffer b = ByteBuffer.wrap(font);
        boolean collection = font.length >= 4 && b.getInt(0) == TTCF;
        for (int offset : faceOffsets(b)) {
            List<Table> tables = tables(b, offset);
            if (family.equals(family(b, tables))) {
                return Optional.of(collection ? standalone(b, offset, tables) : font);
            }
        }
        return Optional.empty();
    }

    private static List<Integer> faceOffsets(ByteBuffer b) throws FontException {
        try {
            if (b.getInt(0) != TTCF) {
                return List.of(0);
            }
            int count = b.getInt(8);
            if (count < 1 || count > 64) {
                throw new FontException("font collection claims " + count + " faces");
            }
            List<Integer> offsets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                offsets.add(b.getInt(12 + 4 * i));
            }
            return offsets;
        } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
            throw new FontException("truncated font collection header");
        }
    }

    private static List<Table> tables(ByteBuffer b, int offset) throws FontException {
        try {
            int version = b.getInt(offset);
            if (version != 0x00010000 && version != 0x4F54544F && version != 0x74727565) {
                throw new FontException("not an OpenType font (version " + Integer.toHexString(version) + ")");
            }
            int count = Short.toUnsignedInt(b.getShort(offset + 4));
            List<Table> tables = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int r = offset + 12 + 16 * i;
                Table t = new Table(b.getInt(r), b.getInt(r + 4), b.getInt(r + 8), b.getInt(r + 12));
                if (t.offset() < 0 || t.length() < 0 || (long) t.offset() + t.length() > b.capacity()) {
                    throw new FontException("table " + tagName(t.tag()) + " lies outside the file");
                }
                tables.add(t);
            }
            return tables;
        } catch (IndexOutOfBoundsException e) {
            throw new FontException("truncated table directory");
        }
    }

    private static String family(ByteBuffer b, List<Table> tables) throws FontException {
        Table name = tables.stream().filter(t -> t.tag() == NAME).findFirst()
                .orElseThrow(() -> new FontException("font has no name table"));
        try {
            return family(b, name);
        } catch (IndexOutOfBoundsException e) {
            throw new FontException("truncated name table");
        }
    }

    private static String family(ByteBuffer b, Table name) {
        int base = name.offset();
        int count = Short.toUnsignedInt(b.getShort(base + 2));
        int strings = base + Short.toUnsignedInt(b.getShort(base + 4));
        String legacy = null;
        String typographic = null;
        for (int i = 0; i < count; i++) {
            int r = base + 6 + 12 * i;
            int platform = Short.toUnsignedInt(b.getShort(r));
            int language = Short.toUnsignedInt(b.getShort(r + 4));
            int id = Short.toUnsignedInt(b.getShort(r + 6));
            if (platform != 3 || language != 0x409 || (id != 1 && id != 16)) {
                continue;
            }
            int length = Short.toUnsignedInt(b.getShort(r + 8));
            byte[] text = new byte[length];
            b.get(strings + Short.toUnsignedInt(b.getShort(r + 10)), text);
            String s = new String(text, StandardCharsets.UTF_16BE);
            if (id == 16) {
                typographic = s;
            } else {
                legacy = s;
            }
        }
        return typographic != null ? typographic : legacy;
    }

    /** Header, table records, then each table 4-byte aligned, in the collection's order. */
    private static byte[] standalone(ByteBuffer src, int offset, List<Table> tables) {
        int header = 12 + 16 * tables.size();
        int size = header;
        for (Table t : tables) {
            size += align(t.length());
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(src.slice(offset, 12));
        int at = header;
        int headAt = -1;
        for (int i = 0; i < tables.size(); i++) {
            Table t = tables.get(i);
            out.putInt(12 + 16 * i, t.tag()).putInt(16 + 16 * i, t.checksum()).putInt(20 + 16 * i, at)
                    .putInt(24 + 16 * i, t.length());
            out.put(at, src, t.offset(), t.length());
            if (t.tag() == HEAD) {
                headAt = at;
            }
            at += align(t.length());
        }
        if (headAt >= 0) {
            out.putInt(headAt + 8, 0);
            long sum = 0;
            for (int i = 0; i < size; i += 4) {
                sum += Integer.toUnsignedLong(out.getInt(i));
            }
            out.putInt(headAt + 8, (int) (CHECKSUM_MAGIC - sum));
        }
        return out.array();
    }

    private static int align(int length) {
        return (length + 3) & ~3;
    }

    private static String tagName(int tag) {
        return new String(ByteBuffer.allocate(4).putInt(tag).array(), StandardCharsets.ISO_8859_1);
    }
}
