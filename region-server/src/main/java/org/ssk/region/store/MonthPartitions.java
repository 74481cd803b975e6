package org.ssk.region.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The month partitions of {@code region_entry}: made when a batch first needs one, and a cache of
 * those known to exist, so only a batch of a new month pays for the check. Several region
 * instances may create the same month at once. Thread-safe.
 */
final class MonthPartitions {
    private static final Logger LOG = LoggerFactory.getLogger(RegionStore.class);
    private static final String CHECK_VIOLATION = "23514";

    private final DataSource pool;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    MonthPartitions(DataSource pool) {
        this.pool = pool;
    }

    /**
     * Creates the month partitions {@code months} need, each in its own short transaction before
     * the batch's (creating a partition locks the parent table; inside the batch it could deadlock
     * with another instance). Months outside any partition, and a month whose rows already sit
     * in the default partition, stay in the default partition.
     */
    void ensure(Set<LocalDate> months) throws SQLException {
        for (LocalDate m : months) {
            if (m.equals(LocalDate.EPOCH) || known.contains(m)) {
                continue;
            }
            try (Connection c = pool.getConnection()) {
                createPartition(c, m);
            }
            known.add(m);
        }
    }

    /**
     * Creates {@code month}'s partition unless it exists. {@code CREATE TABLE IF NOT EXISTS} alone
     * does not hold when two batches (of one instance or two) create the same month at once: the
     * second fails on the catalog (23505 or 42P07) though the table is there. So creators of a
     * month take an advisory lock first, and such a failure is taken as done once the partition exists.
     */
    private static void createPartition(Connection c, LocalDate month) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement(RegionSql.LOCK_MONTH_PARTITION);
             Statement st = c.createStatement()) {
            lock.setInt(1, month.getYear() * 100 + month.getMonthValue());
            lock.execute();
            st.execute(RegionSql.createMonthPartition(month));
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            String state = e.getSQLState();
            boolean raced = "42P07".equals(state) || "23505".equals(state);
            if (raced && tableExists(c, RegionSql.monthPartition(month))) {
                return;
            }
            if (!raced && !CHECK_VIOLATION.equals(state)) {
                throw e;
            }
            LOG.warn("month partition {} not created ({}); its entries go to the default partition", month,
                    e.getMessage());
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RegionSql.TABLE_EXISTS)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
