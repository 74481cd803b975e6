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
}
