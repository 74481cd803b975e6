package org.ssk.hub.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.HubConfig;

class RegionLinkTest {
    private static final String SECRET = "s".repeat(43);

    @TempDir
    Path dir;

    @Test
    void aHubWithoutARegionStartsAndUploadsNothing() throws Exception {
        HubConfig c = HubConfig.load(null, Map.of()).validate();
        assertFalse(c.region().enabled());
    }

    @Test
    void theCenterIdAndRegionComeFromTheEnvironment() throws Exception {
        HubConfig c = HubConfig.load(null, Map.of("SSK_CENTER_ID", "gz-baiyun-01", "SSK_REGION_URL",
                "https://region.example.org", "SSK_REGION_SECRET", SECRET)).validate();
        assertEquals("gz-baiyun-01", c.region().centerId());
        assertTrue(c.region().enabled());
        assertFalse(c.toString().contains(SECRET), "the secret never appears in the logged form");
    }

    @Test
    void aBadCenterIdAMissingSecretAndPlainHttpToAnotherHostAreEachNamed() throws Exception {
        HubConfig c = HubConfig.load(null, Map.of("SSK_CENTER_ID", "gz baiyun/01", "SSK_REGION_URL",
                "http://region.example.org"));
        var e = assertThrows(HubConfig.InvalidConfigException.class, c::validate);
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("SSK_CENTER_ID"), e.getMessage());
        assertTrue(e.getMessage().contains("SSK_REGION_SECRET"), e.getMessage());
        assertTrue(e.getMessage().contains("https://"), e.getMessage());
    }

    @Test
    void aSecretWrittenInTheConfigFileIsIgnored() throws Exception {
        Path f = dir.resolve("hub.json");
        Files.writeString(f, "{\"region\": {\"center_id\": \"c1\", \"url\": \"https://r.example.org\", \"secret\": \""
                + SECRET + "\", \"lag_alert_entries\": 50}}");
        HubConfig c = HubConfig.load(f, Map.of());
        assertEquals(50, c.region().lagAlertEntries());
        assertEquals(900, c.region().lagAlertSeconds());
        var e = assertThrows(HubConfig.InvalidConfigException.class, c::validate);
        assertTrue(e.getMessage().contains("SSK_REGION_SECRET"), e.getMessage());
    }
}
