package org.ssk.hub.region;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.ssk.protocol.region.CenterId;

/**
 * The hub's link to its region (issue 16), part of {@code HubConfig}: this center's id, the
 * region's base URL, the center's upload secret, and when upload lag raises an alert.
 * {@code url} null means "no region": the ledger is still chained, nothing is uploaded. The
 * secret comes from the environment only ({@code SSK_REGION_SECRET}), never from a file.
 *
 * <p>Environment: {@code SSK_CENTER_ID}, {@code SSK_REGION_URL}, {@code SSK_REGION_SECRET},
 * {@code SSK_REGION_LAG_ALERT_ENTRIES}, {@code SSK_REGION_LAG_ALERT_SECONDS}.
 */
public record RegionLink(String centerId, String url, @com.fasterxml.jackson.annotation.JsonIgnore String secret,
                         long lagAlertEntries, long lagAlertSeconds) {
    /** Lag thresholds left out (0) take these defaults: 10,000 entries, 15 minutes. */
    public RegionLink {
        lagAlertEntries = lagAlertEntries == 0 ? 10_000 : lagAlertEntries;
        lagAlertSeconds = lagAlertSeconds == 0 ? 900 : lagAlertSeconds;
    }

    /** Shortest upload secret accepted: the region issues 32 random bytes as 43 base64url characters. */
    public static final int MIN_SECRET_CHARS = 32;

    public static RegionLink none() {
        return new RegionLink(null, null, null, 0, 0);
    }

    /** True when the hub uploads to a region. */
    public boolean enabled() {
        return url != null;
    }

    public RegionLink withEnv(Map<String, String> env, List<String> errors) {
        return new RegionLink(or(env.get("SSK_CENTER_ID"), centerId), or(env.get("SSK_REGION_URL"), url),
                or(env.get("SSK_REGION_SECRET"), secret),
                number(env, "SSK_REGION_LAG_ALERT_ENTRIES", lagAlertEntries, errors),
                number(env, "SSK_REGION_LAG_ALERT_SECONDS", lagAlertSeconds, errors));
    }

    public RegionLink withSecret(String newSecret) {
        return new RegionLink(centerId, url, newSecret, lagAlertEntries, lagAlertSeconds);
    }

    /** Adds each problem, in words, to {@code errors}. */
    public void validate(List<String> errors) {
        if (centerId != null && !CenterId.valid(centerId)) {
            errors.add("region.center_id (SSK_CENTER_ID): " + CenterId.RULE + ", was " + centerId);
        }
        if (lagAlertEntries < 1 || lagAlertSeconds < 1) {
            errors.add("region.lag_alert_entries / lag_alert_seconds: at least 1");
        }
        if (url == null) {
            return;
        }
        if (centerId == null) {
            errors.add("region.center_id (SSK_CENTER_ID): required when a region URL is set");
        }
        if (secret == null || secret.length() < MIN_SECRET_CHARS) {
            errors.add("SSK_REGION_SECRET: the upload secret the region issued for this center (at least "
                    + MIN_SECRET_CHARS + " characters) is required when a region URL is set");
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            errors.add("region.url (SSK_REGION_URL): not a URL: " + url);
            return;
        }
        boolean loopback = "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost());
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
            errors.add("region.url (SSK_REGION_URL): https://HOST[:PORT] (plain http only to this machine), was " + url);
        }
    }

    @Override
    public String toString() {
        return "RegionLink[center=" + centerId + ", url=" + url + ", secret=" + (secret == null ? "none" : "set")
                + ", lagAlert=" + lagAlertEntries + " entries/" + lagAlertSeconds + " s]";
    }

    private static String or(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static long number(Map<String, String> env, String key, long dflt, List<String> errors) {
        String v = or(env.get(key), null);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            errors.add(key + ": a whole number, was " + v);
            return dflt;
        }
    }
}
