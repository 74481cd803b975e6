package org.ssk.hub.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.EntryPage;

/**
 * Rebuilds a lost ledger from its chain as the region holds it ({@code hub-server
 * restore-from-region}, docs/region.md "Restore"): page after page of the center's entries, each
 * entry's canonical text turned back into the row of the table it names, and its chain entry
 * ({@code ledger_chain}: the same sequence number, text and hash) written beside it.
 *
 * <p>Contract: runs only on a ledger whose {@code shelf_event}, {@code sale_line},
 * {@code stock_entry} and {@code ledger_chain} are all empty (else {@link NotEmpty}, nothing
 * written). Checks the chain while it goes (consecutive from 1, each hash follows the previous
 * one, the last is the head the region names) and that each restored row gives back exactly the
 * canonical text it came from; anything else throws {@link Refused} naming the entry. Everything
 * is one transaction: a restore that fails or is interrupted leaves the ledger empty, to be run
 * again. Rows get positions 1, 2, … per table in chain order (the original {@code pos} is not in
 * the canonical text; the order within each table is), so the next row the hub stores continues
 * both the positions and the chain, and the uploader resumes where the region stands. Blocking;
 * one call at a time per database, with the hub stopped.
 */
public final class ChainRestore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNT = "SELECT (SELECT COUNT(*) FROM shelf_event), (SELECT COUNT(*) FROM sale_line),"
            + " (SELECT COUNT(*) FROM stock_entry), (SELECT COUNT(*) FROM ledger_chain)";
    private static final String LOCK_PG = "LOCK TABLE shelf_event, sale_line, stock_entry, ledger_chain IN EXCLUSIVE MODE";
    private static final String LOCK_SQLITE = "UPDATE shelf_event SET pos = pos WHERE 0 = 1";
    private static final String SET_NEXT_POS_PG = "SELECT setval(pg_get_serial_sequence(?, 'pos'), ?, false)";

    private ChainRestore() {
    }

    /** Where pages come from: the region's entries after a sequence number (the region client, a fake in tests). */
    public interface Pages {
        EntryPage after(long seq) throws Exception;
    }

    /** Told after every page: entries restored so far of {@code total} (the region's stored_through). */
    public interface Progress {
        void restored(long done, long total);
    }

    /** What was restored: entries (the head's sequence number) and the head hash. */
    public record Restored(long entries, String headHash) {
    }

    /** The ledger holds entries already; nothing was written. */
    public static final class NotEmpty extends Exception {
        private static final long serialVersionUID = 1L;

        NotEmpty(String message) {
            super(message);
        }
    }

    /** What the region sent is not a chain this ledger can be rebuilt from; nothing was written. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    public static Restored restore(Database db, Pages pages, Progress progress) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute(db.dialect() == Database.Dialect.POSTGRESQL ? LOCK_PG : LOCK_SQLITE);
                }
                refuseUnlessEmpty(c);
                Restored done = rebuild(db, c, pages, progress);
                c.commit();
                return done;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void refuseUnlessEmpty(Connection c) throws SQLException, NotEmpty {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(COUNT)) {
            rs.next();
            long events = rs.getLong(1);
            long sales = rs.getLong(2);
            long stock = rs.getLong(3);
            long chain = rs.getLong(4);
            if (events + sales + stock + chain > 0) {
                throw new NotEmpty("the ledger is not empty (" + events + " shelf events, " + sales + " sale lines, "
                        + stock + " stock entries, " + chain + " chain entries): restore-from-region only rebuilds"
                        + " a ledger into an empty database. Stop the hub, move its database aside (the data"
                        + " folder's hub.db, or a new PostgreSQL database) and run it again; nothing was changed");
            }
        }
    }

    private static Restored rebuild(Database db, Connection c, Pages pages, Progress progress) throws Exception {
        Map<String, Table> tables = new HashMap<>();
        for (LedgerChain.Source s : LedgerChain.SOURCES) {
            tables.put(s.table(), new Table(s, db.dialect()));
        }
        long seq = 0;
        String hash = ChainHash.GENESIS;
        EntryPage page;
        try (PreparedStatement chain = c.prepareStatement(LedgerChain.INSERT)) {
            while (true) {
                page = pages.after(seq);
                if (page.entries().isEmpty()) {
                    break;
                }
                Map<String, List<ChainedEntry>> byTable = new HashMap<>();
                Map<String, Long> posBefore = new HashMap<>();
                tables.forEach((name, t) -> posBefore.put(name, t.pos));
                for (ChainedEntry e : page.entries()) {
                    if (e.seq() != seq + 1) {
                        throw new Refused("the region sent entry " + e.seq() + " where " + (seq + 1) + " was due");
                    }
                    if (!e.follows(hash)) {
                        throw new Refused("entry " + e.seq() + " does not chain on entry " + seq
                                + ": its hash is not SHA-256 of the previous hash and its text");
                    }
                    JsonNode row = parse(e);
                    Table t = tables.get(row.path("src").asText());
                    if (t == null) {
                        throw new Refused("entry " + e.seq() + " names no ledger table: " + row.path("src"));
                    }
                    long pos = t.add(c, e, row);
                    chain.setLong(1, e.seq());
                    chain.setString(2, t.source.table());
                    chain.setLong(3, pos);
                    chain.setString(4, e.entry());
                    chain.setString(5, e.hash());
                    chain.addBatch();
                    byTable.computeIfAbsent(t.source.table(), k -> new ArrayList<>()).add(e);
                    seq = e.seq();
                    hash = e.hash();
                }
                for (Table t : tables.values()) {
                    t.flush();
                }
                chain.executeBatch();
                for (var e : byTable.entrySet()) {
                    check(c, tables.get(e.getKey()).source, posBefore.get(e.getKey()), e.getValue());
                }
                progress.restored(seq, page.storedThrough());
            }
        } finally {
            for (Table t : tables.values()) {
                t.close();
            }
        }
        if (seq != page.storedThrough() || !hash.equals(page.headHash())) {
            throw new Refused("the region holds entries through " + page.storedThrough() + " (head "
                    + page.headHash() + ") but sent them only through " + seq + " (hash " + hash + ")");
        }
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            for (Table t : tables.values()) {
                try (PreparedStatement ps = c.prepareStatement(SET_NEXT_POS_PG)) {
                    ps.setString(1, t.source.table());
                    ps.setLong(2, t.pos + 1);
                    ps.executeQuery().close();
                }
            }
        }
        return new Restored(seq, hash);
    }

    /** The restored rows of one table after {@code pos}, read back, must give exactly the entries' texts. */
    private static void check(Connection c, LedgerChain.Source s, long pos, List<ChainedEntry> entries)
            throws SQLException, Refused {
        try (PreparedStatement ps = c.prepareStatement(s.unchained())) {
            ps.setLong(1, pos);
            try (ResultSet rs = ps.executeQuery()) {
                for (ChainedEntry e : entries) {
                    if (!rs.next()) {
                        throw new Refused("entry " + e.seq() + " was not stored as a row of " + s.table());
                    }
                    String back = withoutLaterNulls(LedgerChain.canonical(s.table(), rs), e.entry());
                    if (!back.equals(e.entry())) {
                        throw new Refused("entry " + e.seq() + " cannot be stored as it was hashed: stored, it reads "
                                + back);
                    }
                }
            }
        }
    }

    /**
     * Columns added to chained tables after the chain began (migrations V32 {@code unseen}, V40
     * {@code cert_state}, {@code cert_number}), always last in their table: entries chained before
     * them end without them, and their rows hold NULL there.
     */
    private static final List<String> ADDED_LATER = List.of("unseen", "cert_state", "cert_number");

    private static boolean addedLater(List<String> missing) {
        return ADDED_LATER.containsAll(missing);
    }

    /**
     * {@code back}, a restored row's text, as an entry chained before the later columns reads:
     * their trailing {@code null}s dropped while {@code original} ends without them.
     */
    static String withoutLaterNulls(String back, String original) {
        String text = back;
        for (int i = ADDED_LATER.size() - 1; i >= 0 && !text.equals(original); i--) {
            String tail = ",\"" + ADDED_LATER.get(i) + "\":null}";
            if (text.endsWith(tail) && !original.contains("\"" + ADDED_LATER.get(i) + "\":")) {
                text = text.substring(0, text.length() - tail.length()) + "}";
            }
        }
        return text;
    }

    private static JsonNode parse(ChainedEntry e) throws Refused {
        try {
            JsonNode row = JSON.readTree(e.entry());
            if (row == null || !row.isObject()) {
                throw new Refused("entry " + e.seq() + " is not a JSON object");
            }
            return row;
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
            throw new Refused("entry " + e.seq() + " is not JSON: " + x.getOriginalMessage());
        }
    }

    /** One chained table being refilled: its insert (explicit positions) and the last position given. */
    private static final class Table {
        final LedgerChain.Source source;
        final List<String> columns;
        final String insert;
        PreparedStatement ps;
        long pos;
        int pending;

        Table(LedgerChain.Source source, Database.Dialect dialect) {
            this.source = source;
            this.columns = List.of(source.columns().split(",\\s*"));
            this.insert = "INSERT INTO " + source.table() + " (pos, " + source.columns() + ")"
                    + (dialect == Database.Dialect.POSTGRESQL ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES (?"
                    + ", ?".repeat(columns.size()) + ")";
        }

        /** Adds the entry's row at the next position and returns that position. */
        long add(Connection c, ChainedEntry e, JsonNode row) throws SQLException, Refused {
            if (ps == null) {
                ps = c.prepareStatement(insert);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
            fields.next();
            ps.setLong(1, pos + 1);
            for (int i = 0; i < columns.size(); i++) {
                if (!fields.hasNext()) {
                    if (!addedLater(columns.subList(i, columns.size()))) {
                        throw new Refused("entry " + e.seq() + " lacks column " + columns.get(i) + " of "
                                + source.table());
                    }
                    // Chained before those columns existed: the row held NULL there, as it does again.
                    for (int j = i; j < columns.size(); j++) {
                        ps.setNull(j + 2, Types.NULL);
                    }
                    break;
                }
                Map.Entry<String, JsonNode> f = fields.next();
                if (!f.getKey().equals(columns.get(i))) {
                    throw new Refused("entry " + e.seq() + " has " + f.getKey() + " where " + source.table() + "'s column "
                            + columns.get(i) + " belongs");
                }
                JsonNode v = f.getValue();
                int at = i + 2;
                if (v.isNull()) {
                    ps.setNull(at, Types.NULL);
                } else if (v.isTextual()) {
                    ps.setString(at, v.asText());
                } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                    ps.setLong(at, v.asLong());
                } else if (v.isFloatingPointNumber()) {
                    ps.setDouble(at, v.asDouble());
                } else {
                    throw new Refused("entry " + e.seq() + ": column " + f.getKey() + " holds " + v);
                }
            }
            if (fields.hasNext()) {
                throw new Refused("entry " + e.seq() + " has more columns than " + source.table());
            }
            ps.addBatch();
            pending++;
            return ++pos;
        }

        void flush() throws SQLException {
            if (pending > 0) {
                ps.executeBatch();
                pending = 0;
            }
        }

        void close() throws SQLException {
            if (ps != null) {
                ps.close();
            }
        }
    }
}
