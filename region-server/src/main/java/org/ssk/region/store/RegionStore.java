package org.ssk.region.store;

import static org.ssk.region.store.RegionSql.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.EntryPage;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.RegionConfig;
import org.ssk.region.ingest.BatchPlan;
import org.ssk.region.ingest.DailyTotals;
import org.ssk.region.ingest.EntryFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The region's PostgreSQL store, the only place its SQL runs ({@link RegionSql}; the daily
 * aggregates' through {@link DailyAggregates}). Its days are those of the zone it was opened with,
 * the one recorded with the aggregates ({@link #open(String, ZoneId)}). Holds nothing a
 * request needs between calls but a small pool of connections and a cache of month partitions
 * known to exist, so several region instances share one database. Connections come from the
 * JDBC URL; a multi-host URL with {@code targetServerType=primary} reaches whichever node is the
 * primary when a connection is opened, and a connection that fails as a lost or read-only server
 * would is dropped from the pool ({@link #connect()}), so after a failover the next ones reach
 * the new primary. Thread-safe; every method blocks (JDBC), so callers run it off the event loop.
 */
public final class RegionStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionStore.class);
    /** As many connections as Vert.x has worker threads by default: the store is called from them. */
    static final int POOL_SIZE = 20;

    private final String url;
    private final ZoneId zone;
    private final HikariDataSource pool;
    private final MonthPartitions partitions;
    private final SecureRandom random = new SecureRandom();

    private RegionStore(String url, ZoneId zone) {
        this.url = url;
        this.zone = zone;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("region-store");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        // Waiting longer than this for a connection means the database is away: the request fails
        // (503) and the hub retries, as it would had the connection itself failed.
        config.setConnectionTimeout(10_000);
        config.setMaxLifetime(600_000);
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
        this.partitions = new MonthPartitions(pool);
    }

    /** {@link #open(String, ZoneId)} in the default zone, {@value RegionConfig#DEFAULT_TIME_ZONE}. */
    public static RegionStore open(String jdbcUrl) throws SQLException {
        return open(jdbcUrl, ZoneId.of(RegionConfig.DEFAULT_TIME_ZONE));
    }

    /**
     * Opens the store at {@code jdbcUrl} (jdbc:postgresql://…), runs its migrations and records
     * {@code zone} as the one its days are counted in when none is yet; throws
     * {@link DailyZoneMismatch} when another is.
     */
    public static RegionStore open(String jdbcUrl, ZoneId zone) throws SQLException {
        migrate(jdbcUrl);
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            DailyAggregates.claim(c, zone);
        }
        return new RegionStore(jdbcUrl, zone);
    }

    /**
     * Rebuilds the daily aggregates at {@code jdbcUrl} in {@code zone} and records it, in one
     * transaction ({@link DailyAggregates#rebuild}); {@code progress} gets a line per center.
     */
    public static DailyAggregates.Rebuilt rebuildDaily(String jdbcUrl, ZoneId zone,
                                                       java.util.function.Consumer<String> progress) throws SQLException {
        migrate(jdbcUrl);
        return DailyAggregates.rebuild(jdbcUrl, zone, progress);
    }

    private static void migrate(String jdbcUrl) throws SQLException {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new SQLException("the region needs PostgreSQL: jdbc:postgresql://HOST1:PORT,HOST2:PORT/DB"
                    + "?targetServerType=primary");
        }
        try {
            Flyway.configure().dataSource(jdbcUrl, null, null).locations("classpath:db/region")
                    .loggers("slf4j").load().migrate();
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new SQLException("region database migration failed: " + e.getMessage(), e);
        }
    }

    /** The zone whose days the daily aggregates and reports count in. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * A connection from the pool. Hikari drops a connection whose statement failed with a
     * connection-class error (08…, 57P01…); one that finds the server read-only (25006: a demoted
     * primary) or in recovery is dropped here too, by the callers through {@link #dropIfStale}.
     */
    private Connection connect() throws SQLException {
        return pool.getConnection();
    }

    private void dropIfStale(Connection c, SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.equals("25006") || state.startsWith("08") || state.startsWith("57P"))) {
            pool.evictConnection(c);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The console's accounts in the same database (bcrypt cost 12, sessions of 12 hours). */
    public org.ssk.region.console.RegionAccounts accounts() {
        return org.ssk.region.console.RegionAccounts.standard(url);
    }

    /** The console's accounts with a bcrypt {@code cost} of its own (tests: 4). */
    public org.ssk.region.console.RegionAccounts accounts(int cost) {
        return new org.ssk.region.console.RegionAccounts(url, java.time.Clock.systemUTC(), cost, 12 * 3_600_000L);
    }

    /** The console's reads and the centers' status reports, in the same database. */
    public ConsoleStore console() {
        return new ConsoleStore(url);
    }

    /** The daily report across centers, from the same database's aggregates. */
    public DailyReport dailyReport() {
        return new DailyReport(url);
    }

    /** The certified-product list in the same database. */
    public CertifiedStore certified() {
        return new CertifiedStore(url);
    }

    /** What came of one batch: the answer for the center, entries newly stored, and the decision taken. */
    public record Ingested(UploadAnswer answer, int stored, BatchPlan.Decision decision) {
    }

    /** Registers a center; returns its upload secret, which is stored only as SHA-256 and shown once. */
    public String addCenter(String centerId, String name, long nowMs) throws SQLException {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(INSERT_CENTER)) {
            ps.setString(1, centerId);
            ps.setString(2, name);
            ps.setString(3, sha256(secret));
            ps.setString(4, org.ssk.protocol.region.ChainHash.GENESIS);
            ps.setLong(5, nowMs);
            ps.executeUpdate();
        }
        return secret;
    }

    /** The center whose upload secret this is, if any. */
    public Optional<String> centerBySecret(String secret) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(CENTER_BY_SECRET)) {
            ps.setString(1, sha256(secret));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Where the center stands: what the region would answer to an empty upload. */
    public UploadAnswer head(String centerId) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(CENTER_HEAD)) {
            ps.setString(1, centerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("unknown center " + centerId);
                }
                return new UploadAnswer(centerId, rs.getLong(1), rs.getString(2));
            }
        }
    }

    /**
     * Up to {@code limit} of the center's own entries after {@code after}, none past its
     * {@code stored_through}, read in one transaction with the head they are answered with.
     */
    public EntryPage entries(String centerId, long after, int limit) throws SQLException {
        if (after < 0 || limit < 1 || limit > EntryPage.MAX_ENTRIES) {
            throw new IllegalArgumentException("after >= 0 and limit 1-" + EntryPage.MAX_ENTRIES);
        }
        try (Connection c = connect()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                UploadAnswer head;
                try (PreparedStatement ps = c.prepareStatement(CENTER_HEAD)) {
                    ps.setString(1, centerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalArgumentException("unknown center " + centerId);
                        }
                        head = new UploadAnswer(centerId, rs.getLong(1), rs.getString(2));
                    }
                }
                List<ChainedEntry> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(ENTRIES_AFTER)) {
                    ps.setString(1, centerId);
                    ps.setLong(2, after);
                    ps.setLong(3, head.storedThrough());
                    ps.setInt(4, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new ChainedEntry(rs.getLong(1), rs.getString(2), rs.getString(3)));
                        }
                    }
                }
                c.commit();
                return new EntryPage(centerId, head.storedThrough(), head.headHash(), out);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Stores the batch in one transaction, as {@link BatchPlan} decides, and returns only after
     * the commit. A broken chain stores nothing and raises an alert naming the center and entry.
     * The center must be registered (the caller authenticated it).
     */
    public Ingested ingest(UploadBatch batch, long nowMs) throws SQLException {
        List<EntryFacts> facts = new ArrayList<>(batch.entries().size());
        Set<LocalDate> months = new LinkedHashSet<>();
        for (ChainedEntry e : batch.entries()) {
            EntryFacts f = EntryFacts.of(e.entry());
            facts.add(f);
            months.add(f.month());
        }
        partitions.ensure(months);
        BatchPlan.Decision decision;
        long through;
        String head;
        int stored = 0;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(LOCK_CENTER)) {
                    ps.setString(1, batch.center());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalArgumentException("unknown center " + batch.center());
                        }
                        through = rs.getLong(1);
                        head = rs.getString(2);
                    }
                }
                decision = BatchPlan.decide(batch, through, head, storedHashes(c, batch, through));
                switch (decision) {
                    case BatchPlan.Store s -> {
                        int from = (int) (s.fresh().isEmpty() ? 0 : s.fresh().get(0).seq() - batch.firstSeq());
                        stored = EntryCopy.copy(c, batch.center(), s.fresh(), facts.subList(from, from + s.fresh().size()),
                                nowMs);
                        DailyAggregates.add(c, batch.center(), facts.subList(from, from + s.fresh().size()), zone);
                        try (PreparedStatement ps = c.prepareStatement(ADVANCE_CENTER)) {
                            ps.setLong(1, s.through());
                            ps.setString(2, s.headHash());
                            ps.setLong(3, nowMs);
                            ps.setString(4, batch.center());
                            ps.executeUpdate();
                        }
                        try (PreparedStatement ps = c.prepareStatement(CAUGHT_UP)) {
                            ps.setLong(1, nowMs);
                            ps.setString(2, batch.center());
                            ps.executeUpdate();
                        }
                        through = s.through();
                        head = s.headHash();
                    }
                    case BatchPlan.Gap g -> touch(c, batch.center(), nowMs);
                    case BatchPlan.Broken b -> c.rollback();
                }
                c.commit();
            } catch (SQLException e) {
                dropIfStale(c, e);
                rollbackQuietly(c, e);
                throw e;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (decision instanceof BatchPlan.Broken b) {
            raiseAlert(batch.center(), b.seq(), "chain_broken", "entry " + b.seq() + " of center " + batch.center()
                    + " refused: " + b.reason(), nowMs);
        }
        return new Ingested(new UploadAnswer(batch.center(), through, head), stored, decision);
    }

    private static void rollbackQuietly(Connection c, SQLException cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private Map<Long, String> storedHashes(Connection c, UploadBatch batch, long through) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        long from = Math.max(1, batch.firstSeq() - 1);
        long to = Math.min(batch.lastSeq(), through);
        if (from > to) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(STORED_HASHES)) {
            ps.setString(1, batch.center());
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static void touch(Connection c, String center, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TOUCH_CENTER)) {
            ps.setLong(1, nowMs);
            ps.setString(2, center);
            ps.executeUpdate();
        }
    }

    /** Records an alert once per (center, kind, seq) and logs it. */
    public void raiseAlert(String centerId, Long seq, String kind, String detail, long nowMs) throws SQLException {
        LOG.warn("region alert {} for center {}: {}", kind, centerId, detail);
        for (Alert a : alerts(centerId)) {
            if (a.kind().equals(kind) && java.util.Objects.equals(a.seq(), seq)) {
                return;
            }
        }
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(INSERT_ALERT)) {
            ps.setString(1, centerId);
            if (seq == null) {
                ps.setNull(2, java.sql.Types.BIGINT);
            } else {
                ps.setLong(2, seq);
            }
            ps.setString(3, kind);
            ps.setString(4, detail);
            ps.setLong(5, nowMs);
            ps.executeUpdate();
        }
    }

    public List<Alert> alerts(String centerId) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(ALERTS_OF_CENTER)) {
            ps.setString(1, centerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(2);
                    out.add(new Alert(rs.getString(1), rs.wasNull() ? null : seq, rs.getString(3), rs.getString(4),
                            rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /** What the region holds of a center: entries stored, the highest sequence, that entry's hash. */
    public record Totals(long count, long highestSeq, String highestHash) {
    }

    public Totals totals(String centerId) throws SQLException {
        try (Connection c = connect()) {
            long count;
            long max;
            try (PreparedStatement ps = c.prepareStatement(CENTER_TOTALS)) {
                ps.setString(1, centerId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    max = rs.getLong(2);
                }
            }
            String hash = org.ssk.protocol.region.ChainHash.GENESIS;
            try (PreparedStatement ps = c.prepareStatement(HASH_OF)) {
                ps.setString(1, centerId);
                ps.setLong(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        hash = rs.getString(1);
                    }
                }
            }
            return new Totals(count, max, hash);
        }
    }

    /** Entries, quantity and amount of one source table over [from, to) from the daily aggregates. */
    public DailyTotals.Sum dailySum(String centerId, String src, LocalDate from, LocalDate to) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(DAILY_SUM)) {
            ps.setString(1, centerId);
            ps.setString(2, src);
            ps.setDate(3, Date.valueOf(from));
            ps.setDate(4, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new DailyTotals.Sum(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
