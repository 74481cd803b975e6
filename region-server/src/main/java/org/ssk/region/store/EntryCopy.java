package org.ssk.region.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.region.ingest.EntryFacts;

/**
 * Writes a batch's new entries into {@code region_entry} with {@code COPY} inside the batch's
 * transaction: PostgreSQL's fastest way in, the same as the bulk load the region is measured
 * against. It is safe without {@code ON CONFLICT} because the caller decided under the center
 * row's lock that these entries follow {@code stored_through}, which the same transaction
 * advances: no (center, seq) beyond it can be stored. Should one ever be, the primary key fails
 * the batch (nothing stored, the hub retries) rather than leaving the stored row in place unseen.
 */
final class EntryCopy {
    static final String COPY_ENTRIES = "COPY region_entry (center_id, seq, month, src, t_ms, entry, hash, stored_ms)"
            + " FROM STDIN";

    private EntryCopy() {
    }

    /** Stores {@code fresh} (with its facts, same order); returns the rows written. */
    static int copy(Connection c, String center, List<ChainedEntry> fresh, List<EntryFacts> facts, long nowMs)
            throws SQLException {
        if (fresh.isEmpty()) {
            return 0;
        }
        StringBuilder out = new StringBuilder(fresh.size() * 400);
        String centerField = escaped(center);
        for (int i = 0; i < fresh.size(); i++) {
            ChainedEntry e = fresh.get(i);
            EntryFacts f = facts.get(i);
            out.append(centerField).append('\t').append(e.seq()).append('\t').append(f.month()).append('\t');
            escape(out, f.src());
            out.append('\t');
            if (f.tMs() == null) {
                out.append("\\N");
            } else {
                out.append(f.tMs().longValue());
            }
            out.append('\t');
            escape(out, e.entry());
            out.append('\t').append(e.hash()).append('\t').append(nowMs).append('\n');
        }
        try {
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_ENTRIES,
                    new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
            return (int) rows;
        } catch (IOException e) {
            throw new SQLException("COPY of " + fresh.size() + " entries failed: " + e.getMessage(), "08006", e);
        }
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder(s.length());
        escape(b, s);
        return b.toString();
    }

    /**
     * COPY's text format: backslash, tab, newline and carriage return escaped; everything else as
     * is. The runs between them are appended whole (most entries have none), not char by char.
     */
    static void escape(StringBuilder out, String s) {
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            String escaped = switch (s.charAt(i)) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                out.append(s, from, i).append(escaped);
                from = i + 1;
            }
        }
        out.append(s, from, s.length());
    }
}
