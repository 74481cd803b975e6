package org.ssk.protocol.region;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link UploadBatch} as lines, the form hubs upload in ({@value #CONTENT_TYPE}): the canonical
 * entries are JSON already, and quoting them again inside a JSON body doubles the work of both
 * ends (docs/benchmarks.md 9e). UTF-8, every line ended by {@code \n}, the last one included:
 *
 * <pre>
 * CENTER
 * SEQ \t HASH \t ENTRY
 * …
 * </pre>
 *
 * {@code SEQ} in decimal digits, {@code HASH} 64 lower-case hex digits, {@code ENTRY} the canonical
 * text byte for byte (the rest of the line). Canonical text never holds a line feed (its strings
 * are JSON-escaped), so one that does cannot be put in lines ({@link #encodable}); the hub sends
 * such a batch as JSON. Decoding refuses, with the reason, a body that is not UTF-8, has no final
 * line feed (cut short), an empty or malformed line, or more than {@link UploadBatch#MAX_ENTRIES}
 * entries; the records check the rest. Thread-safe.
 */
public final class EntryLines {
    public static final String CONTENT_TYPE = "application/x-ssk-entry-lines";

    private EntryLines() {
    }

    /** False when an entry holds a line feed: such a batch goes as JSON. */
    public static boolean encodable(UploadBatch batch) {
        for (ChainedEntry e : batch.entries()) {
            if (e.entry().indexOf('\n') >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The batch's lines as UTF-8; throws {@link IllegalArgumentException} unless {@link #encodable}. */
    public static byte[] encode(UploadBatch batch) {
        StringBuilder out = new StringBuilder(batch.entries().size() * 420 + 64);
        out.append(batch.center()).append('\n');
        for (ChainedEntry e : batch.entries()) {
            if (e.entry().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("entry " + e.seq() + " holds a line feed: send the batch as JSON");
            }
            out.append(e.seq()).append('\t').append(e.hash()).append('\t').append(e.entry()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static UploadBatch decode(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("entry lines: not UTF-8");
        }
        if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
            throw new IllegalArgumentException("entry lines: the body must end with a line feed (cut short?)");
        }
        int end = text.indexOf('\n');
        String center = text.substring(0, end);
        List<ChainedEntry> entries = new ArrayList<>();
        for (int from = end + 1; from < text.length(); from = end + 1) {
            end = text.indexOf('\n', from);
            if (entries.size() == UploadBatch.MAX_ENTRIES) {
                throw new IllegalArgumentException("entries: at most " + UploadBatch.MAX_ENTRIES + " per batch");
            }
            entries.add(entry(text, from, end, entries.size() + 2));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("entries: 1-" + UploadBatch.MAX_ENTRIES + " per batch");
        }
        return new UploadBatch(center, entries);
    }

    /** The entry on {@code text[from, end)}, line number {@code line} (for the reason). */
    private static ChainedEntry entry(String text, int from, int end, int line) {
        int tab1 = text.indexOf('\t', from);
        int tab2 = tab1 < 0 || tab1 >= end ? -1 : text.indexOf('\t', tab1 + 1);
        if (tab2 < 0 || tab2 >= end) {
            throw new IllegalArgumentException("line " + line + ": SEQ, HASH and ENTRY separated by tabs expected");
        }
        if (text.charAt(end - 1) == '\r') {
            // Lines ended CR LF on the way (a proxy?): refused as such, not taken for a rewritten entry.
            throw new IllegalArgumentException("line " + line + ": ends in CR LF; lines end with a line feed only");
        }
        return new ChainedEntry(seq(text, from, tab1, line), text.substring(tab2 + 1, end),
                text.substring(tab1 + 1, tab2));
    }

    private static long seq(String text, int from, int to, int line) {
        if (to == from || to - from > 18) {
            throw new IllegalArgumentException("line " + line + ": SEQ: 1-18 decimal digits expected");
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("line " + line + ": SEQ: 1-18 decimal digits expected");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
