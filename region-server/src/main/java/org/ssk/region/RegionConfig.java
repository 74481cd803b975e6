package org.ssk.region;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The region server's whole configuration, from the environment (and command-line options over
 * it), validated at start: {@code SSK_REGION_HTTP_HOST} (default 0.0.0.0), {@code SSK_REGION_HTTP_PORT}
 * (default 8443; 0 picks a free one), {@code SSK_REGION_DB_URL} (required: a PostgreSQL JDBC URL,
 * for Patroni a multi-host one with {@code targetServerType=primary}; the password belongs in it or
 * in {@code ~/.pgpass}, never in the repository), {@code SSK_REGION_TLS_CERT} and
 * {@code SSK_REGION_TLS_KEY} (PEM files; both or neither: without them the server speaks plain
 * HTTP and must sit behind a TLS-terminating haproxy on the same host), {@code SSK_REGION_ADMIN_TOKEN}
 * (optional, at least 32 characters: the bearer token of region administrators for imports of the
 * certified-product list; without it nothing can be imported; environment only),
 * {@code SSK_REGION_TIME_ZONE} (default {@value #DEFAULT_TIME_ZONE}: the zone whose days, ISO weeks
 * and months the region counts in: its daily aggregates, reports and exports; docs/region.md),
 * {@code SSK_REGION_INGEST_THREADS} (default twice the cores, at least 2: how many upload batches
 * one instance stores at once; the others wait their turn, so 500 centers reconnecting together
 * make a queue, not 500 transactions fighting for the same cores and disks),
 * {@code SSK_REGION_UPLOAD_MEMORY_MB} (default a quarter of the heap: how much of upload bodies one
 * instance holds at once, received or waiting; past it an upload is answered 503 with
 * {@code Retry-After} before its body is read, and the hub retries).
 */
public record RegionConfig(String httpHost, int httpPort, String databaseUrl, String tlsCert, String tlsKey,
                           String adminToken, String timeZone, int ingestThreads, long uploadMemoryBytes) {
    /** Shortest region admin token accepted. */
    public static final int MIN_ADMIN_TOKEN_CHARS = 32;
    /** The centers' zone (China), as the hub's {@code Center.DEFAULT_TIME_ZONE}. */
    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    /**
     * Most batch transactions one instance runs at once: the store's pool has 20 connections, and
     * sign-ins, reports and the centers' secret checks keep at least 4 of them whatever
     * {@code SSK_REGION_INGEST_THREADS} says.
     */
    public static final int MAX_INGEST_THREADS = 16;

    public RegionConfig {
        timeZone = timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone.strip();
        ingestThreads = ingestThreads == 0 ? defaultIngestThreads() : ingestThreads;
        uploadMemoryBytes = uploadMemoryBytes == 0 ? defaultUploadMemoryBytes() : uploadMemoryBytes;
    }

    /** With the default ingest concurrency ({@link #defaultIngestThreads()}). */
    public RegionConfig(String httpHost, int httpPort, String databaseUrl, String tlsCert, String tlsKey,
                        String adminToken, String timeZone) {
        this(httpHost, httpPort, databaseUrl, tlsCert, tlsKey, adminToken, timeZone, 0, 0);
    }

    /** Without an admin token: nothing can be imported. */
    public RegionConfig(String httpHost, int httpPort, String databaseUrl, String tlsCert, String tlsKey) {
        this(httpHost, httpPort, databaseUrl, tlsCert, tlsKey, null);
    }

    /** In the default zone. */
    public RegionConfig(String httpHost, int httpPort, String databaseUrl, String tlsCert, String tlsKey,
                        String adminToken) {
        this(httpHost, httpPort, databaseUrl, tlsCert, tlsKey, adminToken, null);
    }

    public static RegionConfig fromEnv(Map<String, String> env) {
        String port = env.getOrDefault("SSK_REGION_HTTP_PORT", "8443");
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            p = -1;
        }
        long uploadMb = setting(env.get("SSK_REGION_UPLOAD_MEMORY_MB"), 1 << 20);
        return new RegionConfig(env.getOrDefault("SSK_REGION_HTTP_HOST", "0.0.0.0"), p,
                env.get("SSK_REGION_DB_URL"), env.get("SSK_REGION_TLS_CERT"), env.get("SSK_REGION_TLS_KEY"),
                env.get("SSK_REGION_ADMIN_TOKEN"), env.get("SSK_REGION_TIME_ZONE"),
                (int) setting(env.get("SSK_REGION_INGEST_THREADS"), MAX_INGEST_THREADS),
                uploadMb > 0 ? uploadMb << 20 : uploadMb);
    }

    /** A quarter of the heap this JVM may use. */
    public static long defaultUploadMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** Twice the cores, at least 2: enough to keep PostgreSQL busy while the next batch is decoded. */
    public static int defaultIngestThreads() {
        return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * A whole-number setting: unset or blank gives 0 (the default), a number from 1 to {@code max}
     * itself, anything else -1, which {@link #validate} reports with the setting's rule.
     */
    private static long setting(String value, long max) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.strip());
            return n >= 1 && n <= max ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public RegionConfig withHttpPort(int port) {
        return new RegionConfig(httpHost, port, databaseUrl, tlsCert, tlsKey, adminToken, timeZone, ingestThreads,
                uploadMemoryBytes);
    }

    public RegionConfig withDatabaseUrl(String url) {
        return new RegionConfig(httpHost, httpPort, url, tlsCert, tlsKey, adminToken, timeZone, ingestThreads,
                uploadMemoryBytes);
    }

    public RegionConfig withTimeZone(String zone) {
        return new RegionConfig(httpHost, httpPort, databaseUrl, tlsCert, tlsKey, adminToken, zone, ingestThreads,
                uploadMemoryBytes);
    }

    public RegionConfig withIngestThreads(int threads) {
        return new RegionConfig(httpHost, httpPort, databaseUrl, tlsCert, tlsKey, adminToken, timeZone, threads,
                uploadMemoryBytes);
    }

    /** Upload bodies held at once, in bytes (tests give a small one). */
    public RegionConfig withUploadMemoryBytes(long bytes) {
        return new RegionConfig(httpHost, httpPort, databaseUrl, tlsCert, tlsKey, adminToken, timeZone, ingestThreads,
                bytes);
    }

    /** The region's zone; call {@link #validate} first (an unknown zone throws here). */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** Throws with every problem, in words. */
    public RegionConfig validate() {
        List<String> errors = new ArrayList<>();
        if (httpHost == null || httpHost.isBlank()) {
            errors.add("SSK_REGION_HTTP_HOST: an address to listen on, e.g. 0.0.0.0");
        }
        if (httpPort < 0 || httpPort > 65535) {
            errors.add("SSK_REGION_HTTP_PORT: 0-65535 (0 picks a free port)");
        }
        if (databaseUrl == null || !databaseUrl.startsWith("jdbc:postgresql://")) {
            errors.add("SSK_REGION_DB_URL: jdbc:postgresql://HOST1:PORT,HOST2:PORT,HOST3:PORT/DB?targetServerType=primary");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            errors.add("SSK_REGION_TLS_CERT and SSK_REGION_TLS_KEY: give both PEM files, or neither");
        }
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN_CHARS) {
            errors.add("SSK_REGION_ADMIN_TOKEN: at least " + MIN_ADMIN_TOKEN_CHARS + " random characters"
                    + " (e.g. openssl rand -base64 33), or unset");
        }
        if (ingestThreads < 1 || ingestThreads > MAX_INGEST_THREADS) {
            errors.add("SSK_REGION_INGEST_THREADS: 1-" + MAX_INGEST_THREADS + " batches stored at once (default "
                    + defaultIngestThreads() + ", twice the cores)");
        }
        if (uploadMemoryBytes < 1) {
            errors.add("SSK_REGION_UPLOAD_MEMORY_MB: 1-1048576 megabytes of upload bodies held at once"
                    + " (default a quarter of the heap, " + (defaultUploadMemoryBytes() >> 20) + ")");
        }
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            errors.add("SSK_REGION_TIME_ZONE: a zone such as Asia/Shanghai, was " + timeZone);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("configuration problems:\n  - " + String.join("\n  - ", errors));
        }
        return this;
    }

    @Override
    public String toString() {
        return "RegionConfig[" + httpHost + ":" + httpPort + ", tls=" + tls() + ", adminToken="
                + (adminToken == null ? "none" : "set") + ", zone=" + timeZone + ", ingestThreads=" + ingestThreads
                + ", uploadMemoryMb=" + (uploadMemoryBytes >> 20) + "]";
    }

    public boolean tls() {
        return tlsCert != null;
    }
}
