package org.ssk.sheets;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Limits a ZIP (an XLSX workbook) must keep before any parser opens it, so a small upload cannot
 * inflate to gigabytes (a 1.6 MB workbook whose shared strings inflate to 1.5 GiB) or hold
 * thousands of entries. Reads the central directory (entries, declared sizes, compression ratio),
 * then inflates each entry from its local header with a hard bound, so an archive that lies
 * about its sizes is caught too. Answers {@link Refused} with a reason for a
 * person. Pure; thread-safe.
 */
public final class ZipLimits {
    /** Most entries: an XLSX has a dozen or two; a workbook with many sheets some dozens more. */
    public static final int MAX_ENTRIES = 256;
    /** Most bytes all entries inflate to together. */
    public static final long MAX_INFLATED = 64L * 1024 * 1024;
    /** Highest inflated/compressed ratio of one entry (above {@link #RATIO_FROM} bytes); XML rarely passes 30. */
    public static final long MAX_RATIO = 100;
    static final long RATIO_FROM = 1024 * 1024;

    private static final int EOCD = 0x06054b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private ZipLimits() {
    }

    /** A workbook refused by a limit; the message is a reason for a person, naming no class or path. */
    public static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final boolean tooLarge;

        Refused(String reason, boolean tooLarge) {
            super(reason);
            this.tooLarge = tooLarge;
        }

        /** True when a size limit was passed (413), false when the archive is damaged or unsupported (400). */
        public boolean tooLarge() {
            return tooLarge;
        }
    }

    /** Checks {@code zip}; returns normally when it keeps every limit. */
    public static void check(byte[] zip) {
        int end = findEnd(zip);
        int entries = u16(zip, end + 10);
        long cdSize = u32(zip, end + 12);
        long cdOffset = u32(zip, end + 16);
        if (entries > MAX_ENTRIES) {
            throw new Refused("the workbook has " + entries + " parts; at most " + MAX_ENTRIES
                    + " are accepted", true);
        }
        if (cdOffset + cdSize > end || entries == 0xFFFF || cdOffset == 0xFFFFFFFFL) {
            throw new Refused("the workbook's ZIP directory is damaged or too large (ZIP64)", false);
        }
        long total = 0;
        int at = (int) cdOffset;
        for (int i = 0; i < entries; i++) {
            if (at + 46 > end || u32(zip, at) != CENTRAL) {
                throw new Refused("the workbook's ZIP directory is damaged", false);
            }
            int method = u16(zip, at + 10);
            long compressed = u32(zip, at + 20);
            long inflated = u32(zip, at + 24);
            int nameLength = u16(zip, at + 28);
            int skip = nameLength + u16(zip, at + 30) + u16(zip, at + 32);
            long local = u32(zip, at + 42);
            if (compressed == 0xFFFFFFFFL || inflated == 0xFFFFFFFFL || local == 0xFFFFFFFFL) {
                throw new Refused("the workbook is a ZIP64 archive; it is too large", true);
            }
            total += inflated;
            if (total > MAX_INFLATED) {
                throw new Refused("the workbook would unpack to more than " + MAX_INFLATED / 1024 / 1024
                        + " MiB; split it or remove unused sheets", true);
            }
            if (inflated > RATIO_FROM && inflated > compressed * MAX_RATIO) {
                throw new Refused("a part of the workbook is compressed " + inflated / Math.max(1, compressed)
                        + " times; a real workbook is not (at most " + MAX_RATIO + ")", true);
            }
            inflateBounded(zip, local, method, compressed, inflated);
            at += 46 + skip;
        }
    }

    /** Inflates one entry from its local header, failing as soon as it yields more than it declared. */
    private static void inflateBounded(byte[] zip, long localOffset, int method, long compressed, long inflated) {
        if (localOffset + 30 > zip.length || u32(zip, (int) localOffset) != LOCAL) {
            throw new Refused("the workbook's ZIP entries are damaged", false);
        }
        int data = (int) localOffset + 30 + u16(zip, (int) localOffset + 26) + u16(zip, (int) localOffset + 28);
        if (data + compressed > zip.length) {
            throw new Refused("the workbook's ZIP entries are damaged", false);
        }
        if (method == 0) {
            if (compressed != inflated) {
                throw new Refused("the workbook's ZIP entries are damaged", false);
            }
            return;
        }
        if (method != 8) {
            throw new Refused("the workbook uses a ZIP compression other than deflate", false);
        }
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(zip, data, (int) compressed);
            byte[] out = new byte[64 * 1024];
            long produced = 0;
            while (!inf.finished()) {
                int n = inf.inflate(out);
                produced += n;
                if (produced > inflated) {
                    throw new Refused("a part of the workbook unpacks to more than its declared size", true);
                }
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new Refused("the workbook's compressed data is damaged", false);
        } finally {
            inf.end();
        }
    }

    private static int findEnd(byte[] zip) {
        for (int i = zip.length - 22; i >= 0 && i >= zip.length - 22 - 65_535; i--) {
            if (u32(zip, i) == EOCD) {
                return i;
            }
        }
        throw new Refused("the file is not a complete XLSX workbook (no ZIP directory)", false);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
