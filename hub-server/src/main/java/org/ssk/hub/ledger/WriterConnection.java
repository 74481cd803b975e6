package org.ssk.hub.ledger;

import static org.ssk.hub.ledger.LedgerSql.*;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link JdbcLedger}'s one writing connection: opened when a batch needs it, in manual-commit
 * mode, with the fault tests' session statements; rolled back after a failed batch and replaced
 * when the database could not write; and what that failure was, until a batch commits again.
 *
 * <p>Not thread-safe: its owner holds this object's monitor around every call (the writer thread
 * for a batch, a fault test for a session statement), which also keeps a test's statement from
 * landing inside a batch. {@link #failure()} alone may be read from any thread.
 */
final class WriterConnection implements AutoCloseable {
    private final Database db;
    /** The fault tests' session statements, run on every connection this opens ({@link #onSession}). */
    private final List<String> sessionSql = new ArrayList<>();
    private Connection connection;
    /** Why the last batch could not be written, while the database cannot write; else null. */
    private volatile String failure;

    WriterConnection(Database db) {
        this.db = db;
    }

    /**
     * The connection for the next batch's transaction (opened with the session statements when
     * there is none), its write lock taken ({@link #takeWriteLock}).
     */
    Connection begin() throws SQLException {
        if (connection == null) {
            Connection c = db.connect();
            try {
                // In auto-commit, so each takes effect before the first batch's transaction begins.
                for (String sql : sessionSql) {
                    try (Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                }
                c.setAutoCommit(false);
            } catch (SQLException e) {
                closeQuietly(c, e);
                throw e;
            }
            connection = c;
        }
        takeWriteLock(connection);
        return connection;
    }

    /** Commits the batch; the database writes again. */
    void commit() throws SQLException {
        connection.commit();
        failure = null;
    }

    /**
     * Rolls back after a failed batch. When the database could not write, SQLite may already have
     * rolled the transaction back itself (it does on SQLITE_FULL and IOERR), which leaves the JDBC
     * connection believing a transaction is open while SQLite is in autocommit: every later insert
     * would commit on its own and every commit fail. So then, or when the rollback fails, the
     * connection is dropped and the next batch opens a fresh one.
     */
    void abandon(Exception e) {
        boolean drop = e instanceof SQLException x && Database.cannotWrite(x);
        if (drop) {
            failure = e.getMessage();
        }
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException r) {
            e.addSuppressed(r);
            drop = true;
        }
        if (drop) {
            closeQuietly(connection, e);
            connection = null;
        }
    }

    /** Why the database cannot write now (the last batch's failure), or empty once a batch committed since. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Read-only ({@code true}) or writable again: SQLite then answers SQLITE_READONLY, PostgreSQL 25006. */
    void readOnly(boolean readOnly) throws SQLException {
        boolean sqlite = db.dialect() == Database.Dialect.SQLITE;
        onSession(sqlite ? (readOnly ? WRITER_READ_ONLY_SQLITE : WRITER_WRITABLE_SQLITE)
                : (readOnly ? WRITER_READ_ONLY_POSTGRES : WRITER_WRITABLE_POSTGRES));
    }

    /**
     * Runs {@code sql} on the open connection between two batches (committed at once) and on each
     * one opened later: a seam for the fault tests, on the one connection that writes. Not for operators.
     */
    void onSession(String sql) throws SQLException {
        sessionSql.add(sql);
        if (connection != null) {
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
            }
            // PostgreSQL: a session setting made in a transaction is undone if it rolls back.
            connection.commit();
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /**
     * SQLite: starts the batch's transaction with a write, so it waits (busy timeout) for another
     * writer such as a console edit. A transaction that reads first (a duplicate check) and then
     * writes cannot wait: SQLITE_BUSY at once, failing the whole batch (found by RestFuzzTest).
     */
    private void takeWriteLock(Connection c) throws SQLException {
        if (db.dialect() == Database.Dialect.SQLITE) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE shelf_event SET pos = pos WHERE 0 = 1");
            }
        }
    }

    private static void closeQuietly(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
