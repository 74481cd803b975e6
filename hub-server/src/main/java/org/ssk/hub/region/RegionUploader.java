package org.ssk.hub.region;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;

/**
 * The upload loop's logic, one {@link #step} at a time (the caller's thread, its clock): learn
 * where the region stands, send the next committed entries after it, resume from whatever the
 * region answers ({@code stored_through}, also after a gap or a replay), back off while the
 * region is away (1 s doubling to 60 s), and keep the lag: entries committed but not stored at
 * the region, and the age in seconds of the oldest of them. Not thread-safe: one caller steps;
 * the lag getters and {@link #status()} may be read from any thread.
 */
public final class RegionUploader {
    private static final Logger LOG = LoggerFactory.getLogger(RegionUploader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Entries per batch: one region transaction. */
    public static final int BATCH = 2_000;
    /** Pause when caught up, in ms. */
    public static final long IDLE_MS = 1_000;
    static final long FIRST_BACKOFF_MS = 1_000;
    static final long MAX_BACKOFF_MS = 60_000;
    /** How often a caught-up uploader still reports its health to the region, in ms. */
    public static final long STATUS_EVERY_MS = 60_000;

    private final String center;
    private final ChainSource source;
    private final RegionClient region;
    private final RegionLink link;
    private final java.util.concurrent.Callable<CenterHealth> health;
    /** When a status last reached the region, and the head it named; -1: not since start or since it was away. */
    private long statusMs = -1;
    private long statusHead = -1;
    /** Where the region stands; -1 until it said (again, after it was away). */
    private long storedThrough = -1;
    /** The last {@code stored_through} the region answered: the lag counts from it while the region is away. */
    private long confirmed;
    private int failures;
    private volatile long lagEntries;
    private volatile long lagSeconds;
    private volatile String problem;
    /** When the region last answered (its head or a stored batch), epoch ms; 0: never. */
    private long lastContactMs;
    /** Why the last round failed, in words; null after a round that reached the region. */
    private String lastError;
    private volatile Status status = new Status(0, 0, 0, null);

    /**
     * What the console shows, one consistent copy taken after each step: the lag, when the region
     * last confirmed where it stands (epoch ms, 0: never since start), and why the last round
     * failed (null: it did not).
     */
    public record Status(long lagEntries, long lagSeconds, long lastContactMs, String lastError) {
    }

    public RegionUploader(RegionLink link, ChainSource source, RegionClient region) {
        this(link, source, region, () -> new CenterHealth(0, 0));
    }

    /** With {@code health}: the shelves offline and alerts open that each status report names. */
    public RegionUploader(RegionLink link, ChainSource source, RegionClient region,
                          java.util.concurrent.Callable<CenterHealth> health) {
        this.center = link.centerId();
        this.link = link;
        this.source = source;
        this.region = region;
        this.health = health;
    }

    /** Does one round of work; returns how long to wait before the next, in ms (0: go on at once). */
    public long step(long nowMs) {
        long wait = round(nowMs);
        status = new Status(lagEntries, lagSeconds, lastContactMs, lastError);
        return wait;
    }

    /** The state after the last step; safe from any thread. */
    public Status status() {
        return status;
    }

    private long round(long nowMs) {
        long head;
        try {
            head = source.headSeq();
        } catch (Exception e) {
            LOG.warn("reading the ledger chain for the region failed: {}", e.toString());
            lastError = "读取台账失败 reading the ledger chain failed: " + e.getMessage();
            return backoff(null);
        }
        try {
            if (storedThrough < 0) {
                storedThrough = region.head(center).storedThrough();
                confirmed = storedThrough;
                lastContactMs = nowMs;
                lastError = null;
            }
            if (storedThrough > head) {
                problem = "the region holds entries up to " + storedThrough + " but this hub's ledger ends at " + head
                        + " (restored from an old copy? see hub-server restore-from-region)";
                lastError = problem;
                lagEntries = 0;
                return IDLE_MS;
            }
            lagEntries = head - storedThrough;
            report(head, nowMs);
            if (lagEntries == 0) {
                lagSeconds = 0;
                problem = null;
                failures = 0;
                return IDLE_MS;
            }
            List<ChainedEntry> next = source.after(storedThrough, BATCH);
            lagSeconds = Math.max(0, (nowMs - receivedMs(next.get(0), nowMs)) / 1000);
            UploadAnswer answer = region.upload(new UploadBatch(center, next));
            storedThrough = answer.storedThrough();
            confirmed = storedThrough;
            lastContactMs = nowMs;
            lastError = null;
            lagEntries = Math.max(0, head - storedThrough);
            if (lagEntries == 0) {
                lagSeconds = 0;
            }
            failures = 0;
            problem = null;
            return storedThrough < head ? 0 : IDLE_MS;
        } catch (RegionClient.Unavailable e) {
            LOG.debug("region away: {}", e.getMessage());
            lastError = "区域不可达 " + e.getMessage();
            storedThrough = -1;
            lagEntries = Math.max(0, head - confirmed);
            measureAge(nowMs);
            return backoff(null);
        } catch (RegionClient.Refused e) {
            LOG.warn("region refused this center's upload: {}", e.getMessage());
            storedThrough = -1;
            lastError = "区域拒收 region refused the upload: " + e.getMessage();
            return backoff(lastError);
        } catch (Exception e) {
            LOG.warn("reading the ledger chain for the region failed: {}", e.toString());
            lastError = "读取台账失败 reading the ledger chain failed: " + e.getMessage();
            return backoff(null);
        }
    }

    /**
     * Tells the region this center's head and health (its console's lag, offline shelves, open
     * alerts): before uploading entries past what it last named, and every {@link #STATUS_EVERY_MS}
     * while caught up. Best effort: a region that refuses or lacks the report still gets the entries.
     */
    private void report(long head, long nowMs) throws RegionClient.Unavailable {
        if (head == statusHead && statusMs >= 0 && nowMs - statusMs < STATUS_EVERY_MS) {
            return;
        }
        try {
            region.status(center, head, health.call());
            statusHead = head;
            statusMs = nowMs;
        } catch (RegionClient.Unavailable e) {
            statusMs = -1;
            throw e;
        } catch (Exception e) {
            LOG.debug("the region did not take this center's status: {}", e.toString());
            statusHead = head;
            statusMs = nowMs;
        }
    }

    /**
     * While the region is away: the age of the oldest entry it has not confirmed, so the seconds
     * lag (and its alert) keeps growing; one row read per back-off.
     */
    private void measureAge(long nowMs) {
        if (lagEntries == 0) {
            lagSeconds = 0;
            return;
        }
        try {
            List<ChainedEntry> oldest = source.after(confirmed, 1);
            if (!oldest.isEmpty()) {
                lagSeconds = Math.max(0, (nowMs - receivedMs(oldest.get(0), nowMs)) / 1000);
            }
        } catch (Exception e) {
            LOG.debug("reading the oldest entry not uploaded failed: {}", e.toString());
        }
    }

    private long backoff(String refused) {
        problem = refused;
        failures++;
        return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 16));
    }

    private static long receivedMs(ChainedEntry e, long dflt) {
        try {
            JsonNode n = MAPPER.readTree(e.entry()).get("received_ms");
            return n != null && n.canConvertToLong() ? n.asLong() : dflt;
        } catch (java.io.IOException x) {
            return dflt;
        }
    }

    public long lagEntries() {
        return lagEntries;
    }

    public long lagSeconds() {
        return lagSeconds;
    }

    /**
     * What an alert should say now, or null: the lag past {@code RegionLink}'s thresholds, or the
     * region refusing this center.
     */
    public String alert() {
        String p = problem;
        if (p != null) {
            return p;
        }
        if (lagEntries >= link.lagAlertEntries() || lagSeconds >= link.lagAlertSeconds()) {
            return "上报区域滞后 region upload lag: " + lagEntries + " entries, " + lagSeconds + " s";
        }
        return null;
    }
}
