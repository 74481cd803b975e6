package org.ssk.hub.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.ssk.protocol.ShelfEvent;

/**
 * The {@link Ledger} on a JDBC {@link Database} (SQLite or PostgreSQL; the SQL, in
 * {@link LedgerSql}, is the same).
 *
 * <p>Group commit: one writer thread owns the only writing connection. Callers queue their write
 * and wait; the writer takes everything queued (up to {@link #MAX_BATCH}), runs it in one
 * transaction (consecutive shelf events as one JDBC batch: one round trip to PostgreSQL), commits
 * (one fsync for the batch) and only then completes the callers. A write
 * rejected by validation ({@link IllegalArgumentException}, thrown before it writes anything)
 * fails alone; a failed commit fails every caller of that batch and nothing of it is stored.
 * Reads use their own connections ({@link LedgerReads}); the writing one is a {@link WriterConnection}. Thread-safe.
 *
 * <p>When a batch fails because the database cannot write ({@link Database#cannotWrite}: disk
 * full, read-only, unreachable), {@link #healthy()} answers false until a later batch commits; the
 * writer itself does not retry, its callers decide (the ingest path holds and retries).
 */
public final class JdbcLedger implements Ledger {
    /**
     * Most writes in one transaction: as many as the ingest writer hands over at once
     * ({@code LedgerWriterVerticle.MAX_BATCH}), so a full hand-over costs one commit, not several
     * (each commit is an fsync, milliseconds on PostgreSQL).
     */
    static final int MAX_BATCH = 4096;

    /** A write run by the writer inside its transaction; returns whether something new was stored. */
    @FunctionalInterface
    private interface Write {
        boolean run(Connection c, long nowMs) throws SQLException;
    }

    /**
     * A queued write: a shelf event ({@code write} null; judged by {@code check} when not null) or
     * any other write.
     */
    private record Pending(Write write, ShelfEvent event, org.ssk.hub.ingest.Plausibility check,
                           CompletableFuture<Boolean> done, java.util.concurrent.atomic.AtomicBoolean held) {
        Pending(Write write, CompletableFuture<Boolean> done) {
            this(write, null, null, done, null);
        }

        Pending(ShelfEvent event, org.ssk.hub.ingest.Plausibility check, CompletableFuture<Boolean> done) {
            this(null, event, check, done, new java.util.concurrent.atomic.AtomicBoolean());
        }
    }

    private static final Pending STOP = new Pending(null, null, null, null, null);

    private final Database db;
    private final LedgerReads reads;
    private final Clock clock;
    private final java.time.ZoneId zone;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** The one writing connection; its monitor is held for a whole batch and for a fault test's session statement. */
    private final WriterConnection writing;
    private volatile boolean closed;
    /** Whether the quarantine holds anything: until it does, plain events skip the check against it. */
    private volatile boolean quarantineInUse;

    public JdbcLedger(Database db, Clock clock) throws SQLException {
        this(db, clock, java.time.ZoneId.of(org.ssk.hub.Center.DEFAULT_TIME_ZONE));
    }

    /** {@code zone}: the center's, whose local day decides a sale's certified flag. */
    public JdbcLedger(Database db, Clock clock, java.time.ZoneId zone) throws SQLException {
        this.db = db;
        this.reads = new LedgerReads(db);
        this.clock = clock;
        this.zone = zone;
        this.writing = new WriterConnection(db);
        try (Connection c = db.connect()) {
            quarantineInUse = QuarantineWrites.any(c);
        }
        synchronized (writing) {
            try {
                LedgerChain.seal(writing.begin());
                writing.commit();
            } catch (SQLException | RuntimeException e) {
                writing.abandon(e);
                throw e;
            }
        }
        this.writer = Thread.ofPlatform().name("ledger-writer").daemon().start(this::writeLoop);
    }

    @Override
    public boolean append(ShelfEvent event) throws Exception {
        if (event == null) {
            throw new IllegalArgumentException("event is required");
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        enqueue(List.of(new Pending(event, null, done)));
        return await(done);
    }

    /**
     * Appends {@code events} in order without waiting between them, so the writer commits them
     * together; element i says whether event i was new. Returns when all are durable.
     */
    public List<Boolean> appendAll(List<ShelfEvent> events) throws Exception {
        return enqueueEvents(events, null);
    }

    /**
     * Appends {@code events} as {@link #appendAll} does, but first judges each with {@code check}
     * against the planogram in force in the same transaction and the ledger's clock: an implausible
     * event is kept in quarantine with its reason instead (answered true when newly kept), so no
     * total counts it until an operator releases it. The ingest path uses this; element i says
     * whether event i was new (stored or quarantined).
     */
    public List<Boolean> appendChecked(List<ShelfEvent> events, org.ssk.hub.ingest.Plausibility check)
            throws Exception {
        return enqueueEvents(events, java.util.Objects.requireNonNull(check, "check"));
    }

    /** As {@link #appendChecked}, telling a newly quarantined event from a newly stored one. */
    public List<org.ssk.hub.ingest.EventAppender.Outcome> appendJudged(List<ShelfEvent> events,
            org.ssk.hub.ingest.Plausibility check) throws Exception {
        return judged(events, java.util.Objects.requireNonNull(check, "check"));
    }

    /** Whether each event was new (stored or quarantined), judged by {@code check} when not null. */
    private List<Boolean> enqueueEvents(List<ShelfEvent> events, org.ssk.hub.ingest.Plausibility check)
            throws Exception {
        return judged(events, check).stream().map(o -> o != org.ssk.hub.ingest.EventAppender.Outcome.DUPLICATE)
                .toList();
    }

    private List<org.ssk.hub.ingest.EventAppender.Outcome> judged(List<ShelfEvent> events,
            org.ssk.hub.ingest.Plausibility check) throws Exception {
        List<Pending> pending = new ArrayList<>(events.size());
        for (ShelfEvent e : events) {
            if (e == null) {
                throw new IllegalArgumentException("event is required");
            }
            pending.add(new Pending(e, check, new CompletableFuture<>()));
        }
        enqueue(pending);
        List<org.ssk.hub.ingest.EventAppender.Outcome> out = new ArrayList<>(events.size());
        for (Pending p : pending) {
            boolean fresh = await(p.done());
            out.add(!fresh ? org.ssk.hub.ingest.EventAppender.Outcome.DUPLICATE
                    : p.held().get() ? org.ssk.hub.ingest.EventAppender.Outcome.QUARANTINED
                    : org.ssk.hub.ingest.EventAppender.Outcome.STORED);
        }
        return out;
    }

    public List<QuarantinedEvent> quarantined(boolean pendingOnly) throws SQLException {
        return reads.quarantined(pendingOnly);
    }

    @Override
    public boolean decideQuarantined(String eventId, boolean release, String byUser) throws Exception {
        if (byUser == null || byUser.isBlank()) {
            throw new IllegalArgumentException("a decision on quarantine needs the operator's name");
        }
        return submit((c, now) -> QuarantineWrites.decide(c, eventId, release, byUser, now, zone));
    }

    @Override
    public boolean recordSale(Sale sale) throws Exception {
        return submit((c, now) -> LedgerWrites.insertSale(c, sale, now, zone));
    }

    @Override
    public boolean recordStockEntries(List<StockEntry> entries) throws Exception {
        List<StockEntry> all = List.copyOf(entries);
        return submit((c, now) -> LedgerWrites.insertStockEntries(c, all, now));
    }

    @Override
    public boolean recordStockEntry(StockEntry entry) throws Exception {
        return submit((c, now) -> LedgerWrites.insertStockEntry(c, entry, now));
    }

    private boolean submit(Write write) throws Exception {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        enqueue(List.of(new Pending(write, done)));
        return await(done);
    }

    private void enqueue(List<Pending> writes) {
        synchronized (queue) {
            if (closed) {
                throw new IllegalStateException("the ledger is closed");
            }
            queue.addAll(writes);
        }
    }

    private static boolean await(CompletableFuture<Boolean> done) throws Exception {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        List<Pending> written = new ArrayList<>(batch.size());
        List<Boolean> fresh = new ArrayList<>(batch.size());
        long now = clock.millis();
        synchronized (writing) {
            try {
                Connection c = writing.begin();
                for (int i = 0; i < batch.size(); ) {
                    Pending p = batch.get(i);
                    if (p.event() != null) {
                        int end = i;
                        while (end < batch.size() && batch.get(end).event() != null) {
                            end++;
                        }
                        List<Pending> run = batch.subList(i, end);
                        fresh.addAll(insertRun(c, run, now));
                        written.addAll(run);
                        i = end;
                        continue;
                    }
                    try {
                        fresh.add(p.write().run(c, now));
                        written.add(p);
                    } catch (IllegalArgumentException | java.util.NoSuchElementException rejected) {
                        p.done().completeExceptionally(rejected);
                    }
                    i++;
                }
                LedgerChain.seal(c);
                writing.commit();
            } catch (SQLException | RuntimeException e) {
                writing.abandon(e);
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            }
        }
        for (int i = 0; i < written.size(); i++) {
            written.get(i).done().complete(fresh.get(i));
        }
    }

    /**
     * Stores a run of consecutive events: those with a check that it finds implausible go to the
     * quarantine, the others to the shelf events, except ids the quarantine already holds (a
     * redelivery of a held event stays held whatever the planogram says now). Answers per event
     * whether it was new.
     */
    private List<Boolean> insertRun(Connection c, List<Pending> run, long now) throws SQLException {
        boolean checked = run.stream().anyMatch(p -> p.check() != null);
        if (!checked && !quarantineInUse) {
            return LedgerWrites.insertEvents(c, db.dialect(), run.stream().map(Pending::event).toList(), now, zone);
        }
        Map<String, org.ssk.hub.ingest.Plausibility.Planogram> planogram = checked ? QuarantineWrites.planogram(c)
                : Map.of();
        Boolean[] out = new Boolean[run.size()];
        List<Integer> plain = new ArrayList<>();
        for (int k = 0; k < run.size(); k++) {
            Pending p = run.get(k);
            var shelf = planogram.get(p.event().shelf());
            var verdict = p.check() == null ? java.util.Optional.<org.ssk.hub.ingest.Plausibility.Verdict>empty()
                    : p.check().check(p.event(), shelf, now);
            if (verdict.isPresent()) {
                quarantineInUse = true;
                out[k] = QuarantineWrites.hold(c, p.event(), verdict.get(), shelf == null ? null : shelf.version(), now);
                p.held().set(out[k]);
            } else {
                plain.add(k);
            }
        }
        java.util.Set<String> held = quarantineInUse
                ? QuarantineWrites.held(c, plain.stream().map(k -> run.get(k).event().id()).toList())
                : java.util.Set.of();
        List<Integer> store = new ArrayList<>();
        for (int k : plain) {
            if (held.contains(run.get(k).event().id())) {
                out[k] = false;
            } else {
                store.add(k);
            }
        }
        if (!store.isEmpty()) {
            List<Boolean> stored = LedgerWrites.insertEvents(c, db.dialect(),
                    store.stream().map(k -> run.get(k).event()).toList(), now, zone);
            for (int j = 0; j < store.size(); j++) {
                out[store.get(j)] = stored.get(j);
            }
        }
        return java.util.Arrays.asList(out);
    }

    /**
     * SQLite: {@code PRAGMA pragma} on the writing connection between two batches and on each one
     * it opens later ({@link WriterConnection#onSession}; the fault tests' full disk: max_page_count).
     */
    public void pragmaOnWriter(String pragma) throws SQLException {
        synchronized (writing) {
            writing.onSession("PRAGMA " + pragma);
        }
    }

    /**
     * Turns the writer read-only, or writable again, as {@link #pragmaOnWriter} does: SQLite then answers
     * SQLITE_READONLY, PostgreSQL 25006 (read-only transaction, as a standby does).
     */
    public void writerReadOnlyForTests(boolean readOnly) throws SQLException {
        synchronized (writing) {
            writing.readOnly(readOnly);
        }
    }

    /** Why the database cannot write now (the last batch's failure), or empty once a batch committed since. */
    public java.util.Optional<String> writeFailure() {
        return writing.failure();
    }

    /**
     * Up to {@code limit} entries of the ledger chain after sequence number {@code seq}, in order
     * (committed entries only: a reading connection of its own). What the region uploader sends.
     */
    public List<org.ssk.protocol.region.ChainedEntry> chainAfter(long seq, int limit) throws SQLException {
        return reads.chainAfter(seq, limit);
    }

    /** The committed chain as the region uploader reads it. */
    public org.ssk.hub.region.ChainSource chainSource() {
        return reads.chainSource();
    }

    /** The newest committed chain entry's sequence number (0: none) and hash. */
    public LedgerChain.Head chainHead() throws SQLException {
        return reads.chainHead();
    }

    @Override
    public Map<String, Integer> stockByLane(String shelf) throws SQLException {
        return reads.stockByLane(shelf);
    }

    @Override
    public List<StoredEvent> events(String shelf) throws SQLException {
        return reads.events(shelf);
    }

    @Override
    public List<StoredEvent> events(long fromMs, long toMs) throws SQLException {
        return reads.events(fromMs, toMs);
    }

    @Override
    public List<SaleLine> sales(long fromMs, long toMs) throws SQLException {
        return reads.sales(fromMs, toMs);
    }

    @Override
    public List<StockEntry> stockEntries(long fromMs, long toMs) throws SQLException {
        return reads.stockEntries(fromMs, toMs);
    }

    /** False also while the database cannot write ({@link #writeFailure()}), though it still reads. */
    @Override
    public boolean healthy() {
        if (writing.failure().isPresent()) {
            return false;
        }
        try (Connection c = db.connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Stores what is already queued, then stops the writer and releases its connection. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (writing) {
            try {
                writing.close();
            } catch (SQLException e) {
                throw new IllegalStateException("closing the ledger's connection failed: " + e.getMessage(), e);
            }
        }
    }
}
