package org.ssk.hub.region;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.catalog.RegionCertificates;
import org.ssk.protocol.region.CertifiedList;

/**
 * The downward flow's logic, one {@link #step} at a time (the caller's thread and clock): ask the
 * region for its certified-product list with {@code If-None-Match} = the version held, store a new
 * version and mark the catalog ({@link RegionCertificates}), and mark it again when the center's
 * day changes (certificates start and expire at midnight, local time). Every {@link #PERIOD_MS}
 * while the region answers; while it is away (or refuses), backs off 1 s doubling to the period.
 * A list of version 0 (the region never imported one) is not applied. Not thread-safe: one
 * caller steps; {@link #status()} may be read from any thread.
 */
public final class CertifiedFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(CertifiedFetcher.class);
    /** Between fetches while the region answers, in ms. */
    public static final long PERIOD_MS = 5 * 60_000L;
    static final long FIRST_BACKOFF_MS = 1_000;

    private final RegionClient region;
    private final RegionCertificates store;
    private final ZoneId zone;
    private final long periodMs;
    private int failures;
    private LocalDate markedFor;
    private volatile Status status = new Status(-1, 0, null);

    /**
     * {@code version}: of the list held (-1: none yet); {@code lastContactMs}: when the region
     * last answered (0: not since start); {@code lastError}: why the last fetch failed, or null.
     */
    public record Status(long version, long lastContactMs, String lastError) {
    }

    public CertifiedFetcher(RegionClient region, RegionCertificates store, ZoneId zone, long periodMs) {
        this.region = region;
        this.store = store;
        this.zone = zone;
        this.periodMs = periodMs;
    }

    public Status status() {
        return status;
    }

    /**
     * One fetch; returns how long to wait before the next, in ms, and whether the catalog's
     * certificates changed (kiosks need a new snapshot).
     */
    public Result step(long nowMs) {
        LocalDate today = Instant.ofEpochMilli(nowMs).atZone(zone).toLocalDate();
        int changed = 0;
        try {
            java.util.OptionalLong held = store.version();
            String etag = held.isPresent() ? CertifiedList.etag(held.getAsLong()) : null;
            java.util.Optional<CertifiedList> list = region.certified(etag);
            if (list.isPresent() && list.get().version() > 0) {
                changed = store.store(list.get(), today, nowMs);
                markedFor = today;
                LOG.info("certified list version {} from the region: {} certificates, {} products re-marked",
                        list.get().version(), list.get().certificates().size(), changed);
            } else if (held.isPresent() && !today.equals(markedFor)) {
                changed = store.mark(today);
                markedFor = today;
            }
            failures = 0;
            status = new Status(store.version().orElse(-1), nowMs, null);
            return new Result(periodMs, changed);
        } catch (RegionClient.Unavailable | RegionClient.Refused e) {
            LOG.debug("certified list not fetched: {}", e.getMessage());
            return failed(nowMs, today, "区域认定清单未取到 certified list not fetched: " + e.getMessage());
        } catch (Exception e) {
            LOG.warn("storing the certified list failed: {}", e.toString());
            return failed(nowMs, today, "保存认定清单失败 storing the certified list failed: " + e.getMessage());
        }
    }

    /** While the region is away the list held still decides, marked again when the day changes. */
    private Result failed(long nowMs, LocalDate today, String error) {
        int changed = 0;
        try {
            if (store.version().isPresent() && !today.equals(markedFor)) {
                changed = store.mark(today);
                markedFor = today;
            }
        } catch (Exception e) {
            LOG.warn("marking the catalog's certificates failed: {}", e.toString());
        }
        Status before = status;
        status = new Status(before.version(), before.lastContactMs(), error);
        failures++;
        return new Result(Math.min(periodMs, FIRST_BACKOFF_MS << Math.min(failures - 1, 20)), changed);
    }

    /** What a step did: the wait before the next (ms) and how many products' certificates changed. */
    public record Result(long waitMs, int changed) {
    }
}
