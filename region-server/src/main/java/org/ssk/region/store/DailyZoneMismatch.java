package org.ssk.region.store;

import java.time.ZoneId;

/**
 * The region's daily aggregates are counted in another zone than this server is configured for:
 * the server must not start (nor add to them) until {@code region-server rebuild-daily} has
 * rebuilt them in its zone, or its zone is set back to the stored one.
 */
public final class DailyZoneMismatch extends IllegalStateException {
    private final ZoneId stored;
    private final ZoneId configured;

    public DailyZoneMismatch(ZoneId stored, ZoneId configured) {
        super("the region's daily aggregates are counted in days of " + stored + " but this server is configured for "
                + configured + " (SSK_REGION_TIME_ZONE): stop every region server and run `region-server rebuild-daily"
                + " --zone " + configured + "` once to rebuild them in " + configured + ", or set SSK_REGION_TIME_ZONE="
                + stored);
        this.stored = stored;
        this.configured = configured;
    }

    public ZoneId stored() {
        return stored;
    }

    public ZoneId configured() {
        return configured;
    }
}
