package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The region's configuration from the environment: the admin token is optional, long, and never printed; the zone known. */
class RegionConfigTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5433/region";

    @Test
    void theAdminTokenComesFromTheEnvironmentAndIsNeverPrinted() {
        String token = "t".repeat(RegionConfig.MIN_ADMIN_TOKEN_CHARS);
        RegionConfig c = RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_ADMIN_TOKEN", token))
                .validate();
        assertEquals(token, c.adminToken());
        assertEquals(token, c.withHttpPort(0).withDatabaseUrl(URL).adminToken(), "overrides keep the token");
        assertFalse(c.toString().contains(token), c.toString());
        assertNull(RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL)).validate().adminToken());
    }

    @Test
    void aShortAdminTokenIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegionConfig.fromEnv(
                Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_ADMIN_TOKEN", "secret")).validate());
        assertTrue(e.getMessage().contains("SSK_REGION_ADMIN_TOKEN: at least 32"), e.getMessage());
    }

    @Test
    void theRegionsDaysAreShanghaisUnlessTheEnvironmentNamesAnotherKnownZone() {
        assertEquals(java.time.ZoneId.of("Asia/Shanghai"), RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL))
                .validate().zone());
        RegionConfig utc = RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_TIME_ZONE", "UTC")).validate();
        assertEquals(java.time.ZoneId.of("UTC"), utc.withHttpPort(0).withDatabaseUrl(URL).zone(), "overrides keep it");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegionConfig.fromEnv(
                Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_TIME_ZONE", "Asia/Beijing")).validate());
        assertTrue(e.getMessage().contains("SSK_REGION_TIME_ZONE: a zone such as Asia/Shanghai, was Asia/Beijing"),
                e.getMessage());
    }

    @Test
    void uploadsAreStoredOnTwiceTheCoresUnlessTheEnvironmentSaysHowManyWithinReason() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(2, 2 * cores), RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL)).validate().ingestThreads());
        RegionConfig three = RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_INGEST_THREADS", " 3 "))
                .validate();
        assertEquals(3, three.withHttpPort(0).withDatabaseUrl(URL).withTimeZone("UTC").ingestThreads(), "overrides keep it");
        assertEquals(RegionConfig.MAX_INGEST_THREADS, three.withIngestThreads(RegionConfig.MAX_INGEST_THREADS).validate()
                .ingestThreads());
        for (String bad : java.util.List.of("0", "-1", "17", "four", "1.5")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegionConfig.fromEnv(
                    Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_INGEST_THREADS", bad)).validate(), bad);
            assertTrue(e.getMessage().contains("SSK_REGION_INGEST_THREADS: 1-16"), e.getMessage());
        }
    }

    @Test
    void uploadBodiesHeldAtOnceAreAQuarterOfTheHeapUnlessTheEnvironmentGivesMegabytes() {
        assertEquals(Runtime.getRuntime().maxMemory() / 4, RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL))
                .validate().uploadMemoryBytes());
        RegionConfig c = RegionConfig.fromEnv(Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_UPLOAD_MEMORY_MB", "64")).validate();
        assertEquals(64L << 20, c.withIngestThreads(2).withHttpPort(0).uploadMemoryBytes(), "overrides keep it");
        for (String bad : java.util.List.of("0", "-5", "lots", "2097152")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegionConfig.fromEnv(
                    Map.of("SSK_REGION_DB_URL", URL, "SSK_REGION_UPLOAD_MEMORY_MB", bad)).validate(), bad);
            assertTrue(e.getMessage().contains("SSK_REGION_UPLOAD_MEMORY_MB: 1-1048576 megabytes"), e.getMessage());
        }
    }
}
