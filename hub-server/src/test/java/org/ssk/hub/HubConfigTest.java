package org.ssk.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsRunTheEmbeddedBrokerWithSqliteInTheDataDir() throws Exception {
        HubConfig c = HubConfig.load(null, Map.of()).validate();
        assertTrue(c.embeddedBroker());
        assertEquals(8080, c.httpPort());
        assertEquals(1883, c.mqttPort());
        assertTrue(c.jdbcUrl().startsWith("jdbc:sqlite:") && c.jdbcUrl().endsWith("hub.db"), c.jdbcUrl());
    }

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
        Path f = dir.resolve("hub.json");
        Files.writeString(f, "{\"http_port\": 9000, \"mqtt_port\": 1999, \"order_url_template\":"
                + " \"https://mall.example.cn/item?sku={sku}\"}");
        HubConfig c = HubConfig.load(f, Map.of("SSK_MQTT_PORT", "0", "SSK_BROKER_URL", "tcp://mq.local:1883"))
                .validate();
        assertEquals(9000, c.httpPort());
        assertEquals(0, c.mqttPort());
        assertEquals("mq.local", c.brokerHost());
        assertEquals(1883, c.brokerPort());
        assertEquals("https://mall.example.cn/item?sku=dy-rice-2500", c.orderUrl("dy-rice-2500"));
        assertEquals("data", c.dataDir(), "keys missing from the file keep their defaults");
    }

    @Test
    void everyProblemIsReportedAtOnceInWords() {
        var e = assertThrows(HubConfig.InvalidConfigException.class, () -> HubConfig.defaults().withHttpPort(-1)
                .withBrokerUrl("mqtt://x").validate());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("http_port"));
        assertTrue(e.problems().get(1).contains("tcp://HOST:PORT"));
    }

    @Test
    void aNonNumericPortInTheEnvironmentNamesTheVariable() {
        var e = assertThrows(HubConfig.InvalidConfigException.class,
                () -> HubConfig.load(null, Map.of("SSK_HTTP_PORT", "eighty")));
        assertTrue(e.getMessage().contains("SSK_HTTP_PORT"), e.getMessage());
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorNotSilence() throws Exception {
        Path f = dir.resolve("hub.json");
        Files.writeString(f, "{\"htp_port\": 9000}");
        var e = assertThrows(HubConfig.InvalidConfigException.class, () -> HubConfig.load(f, Map.of()));
        assertTrue(e.getMessage().contains("htp_port"), e.getMessage());
    }

    @Test
    void thePlausibilityWindowsComeFromTheFileThenTheEnvironmentAndAWrongValueIsNamed()
            throws Exception {
        Path f = dir.resolve("hub.json");
        Files.writeString(f, "{\"plausibility\": {\"max_ahead_ms\": 5000, \"lane_max_grams\": 20000}}");
        HubConfig c = HubConfig.load(f, Map.of("SSK_EVENT_MAX_AHEAD_MS", "1000"));
        assertEquals(1000, c.plausibility().maxAheadMs());
        assertEquals(20000, c.plausibility().laneMaxGrams());
        assertEquals(org.ssk.hub.ingest.Plausibility.Settings.defaults().maxAgeMs(), c.plausibility().maxAgeMs());

        var e = assertThrows(HubConfig.InvalidConfigException.class, () -> HubConfig.load(null,
                Map.of("SSK_EVENT_MAX_AGE_MS", "soon", "SSK_LANE_MAX_GRAMS", "0")));
        assertTrue(e.getMessage().contains("plausibility.max_age_ms (SSK_EVENT_MAX_AGE_MS): a whole number >= 0, was soon"),
                e.getMessage());
        assertTrue(e.getMessage().contains("SSK_LANE_MAX_GRAMS"), e.getMessage());
        Files.writeString(f, "{\"plausibility\": {\"max_age_ms\": -1}}");
        var fromFile = assertThrows(HubConfig.InvalidConfigException.class, () -> HubConfig.load(f, Map.of()));
        assertTrue(fromFile.getMessage().contains("max_age_ms"), fromFile.getMessage());
    }

    @Test
    void anOrderTemplateWithoutTheSkuPlaceholderIsRejected() {
        var c = new HubConfig("0.0.0.0", 0, 0, null, null, null, "data", null, "https://shop.example.org/",
                HubConfig.BrokerPersistence.MEMORY, null, "/usr/share/fonts/opentype/noto", null, null, 8443, null,
                org.ssk.hub.region.RegionLink.none());
        var e = assertThrows(HubConfig.InvalidConfigException.class, c::validate);
        assertTrue(e.getMessage().contains("{sku}"), e.getMessage());
    }

    @Test
    void theCentersNameAndZoneComeFromTheFileAndTheEnvironmentAndABadZoneIsNamed() throws Exception {
        Path f = dir.resolve("center.json");
        Files.writeString(f, "{\"center\": {\"name\": \"乐业县消费扶贫馆\", \"time_zone\": \"Asia/Urumqi\"}}");
        HubConfig c = HubConfig.load(f, Map.of()).validate();
        assertEquals("乐业县消费扶贫馆", c.center().name());
        assertEquals(Center.DEFAULT_NAME_EN, c.center().nameEn());
        assertEquals(java.time.ZoneId.of("Asia/Urumqi"), c.center().zone());
        assertEquals(java.time.ZoneId.of("Europe/Lisbon"),
                HubConfig.load(f, Map.of("SSK_TIME_ZONE", "Europe/Lisbon")).validate().center().zone());
        assertEquals(Center.DEFAULT_TIME_ZONE, HubConfig.defaults().center().timeZone());
        var e = assertThrows(HubConfig.InvalidConfigException.class,
                () -> HubConfig.load(f, Map.of("SSK_TIME_ZONE", "Mars/Olympus")).validate());
        assertTrue(e.getMessage().contains("Mars/Olympus"), e.getMessage());
    }

    @Test
    void thePasswordNeverAppearsInTheLoggedForm() throws Exception {
        HubConfig c = HubConfig.load(null, Map.of("SSK_BROKER_URL", "tcp://mq:1883", "SSK_BROKER_PASSWORD", "s3cret"));
        assertEquals("s3cret", c.brokerPassword());
        assertTrue(!c.toString().contains("s3cret"), c.toString());
        assertNull(HubConfig.defaults().brokerPassword());
    }
}
