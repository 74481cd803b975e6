package org.ssk.hub;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ssk.hub.kiosk.KioskFonts;
import org.ssk.hub.ingest.Plausibility;
import org.ssk.hub.region.RegionLink;

/**
 * The hub's whole configuration: one record, read from an optional JSON file (snake_case keys),
 * then environment overrides, then command-line options, and validated at start so an operator
 * gets every problem at once, in words.
 *
 * <p>{@code httpHost} is the address the hub listens on, for HTTP and for the embedded broker
 * alike (0.0.0.0: every interface, so the shelves on the center's LAN reach the broker).
 * Ports may be 0: the operating system picks a free one and the hub prints what it chose.
 * {@code brokerUrl} null means "run the embedded Moquette broker on {@code mqttPort}"; a
 * {@code tcp://host:port} URL means "use that external MQTT 3.1.1 broker" and {@code mqttPort} is
 * then unused. {@code databaseUrl} null means a SQLite file {@code hub.db} in {@code dataDir}.
 * Passwords come from the environment ({@code SSK_BROKER_PASSWORD}), never from the repository.
 *
 * <p>Environment overrides: {@code SSK_HTTP_HOST}, {@code SSK_HTTP_PORT}, {@code SSK_MQTT_PORT},
 * {@code SSK_DATA_DIR}, {@code SSK_BROKER_URL}, {@code SSK_BROKER_USERNAME},
 * {@code SSK_BROKER_PASSWORD}, {@code SSK_DB_URL}, {@code SSK_ORDER_URL_TEMPLATE},
 * {@code SSK_BROKER_PERSISTENCE}, {@code SSK_FONTS_DIR}, {@code SSK_ALERT_WEBHOOK_URL} (null: no
 * webhook; alerts still go to the console and to MQTT {@code ssk/v1/hub/alert}).
 *
 * <p>{@code fontsDir} is where the kiosk's Noto CJK fonts are read from (default: Debian's
 * fonts-noto-cjk folder); product media (videos) live in {@code DATA_DIR/media}. {@code center} is
 * the center's name, logo and time zone ({@link Center}; null reads as the defaults).
 *
 * <p>TLS: {@code tlsCert} (PEM, the server certificate, optionally followed by its chain) and
 * {@code tlsKey} (PEM, PKCS#8 as {@code openssl} writes it) turn on HTTPS on {@code httpsPort},
 * with {@code httpPort} only redirecting there (308), and MQTT over TLS on the embedded broker's
 * {@code mqttPort} (no plain MQTT then). Overrides {@code SSK_TLS_CERT}, {@code SSK_TLS_KEY},
 * {@code SSK_HTTPS_PORT}. Both null (the default, and the demo's): plain HTTP and MQTT.
 *
 * <p>{@code plausibility}: what ingest holds in quarantine instead of storing ({@link
 * Plausibility.Settings}: {@code max_ahead_ms}, {@code max_age_ms}, {@code lane_max_grams};
 * environment {@code SSK_EVENT_MAX_AHEAD_MS}, {@code SSK_EVENT_MAX_AGE_MS}, {@code SSK_LANE_MAX_GRAMS}).
 *
 * <p>{@code region}: this center's id and its link to the region ({@link RegionLink}, environment
 * {@code SSK_CENTER_ID}, {@code SSK_REGION_URL}, {@code SSK_REGION_SECRET}, …); absent: no region.
 */
public record HubConfig(String httpHost, int httpPort, int mqttPort, String brokerUrl, String brokerUsername,
                        String brokerPassword, String dataDir, String databaseUrl, String orderUrlTemplate,
                        BrokerPersistence brokerPersistence, String alertWebhookUrl, String fontsDir,
                        String tlsCert, String tlsKey, int httpsPort, Center center,
                        RegionLink region, Plausibility.Settings plausibility) {

    public HubConfig {
        center = center == null ? Center.defaults() : center;
        plausibility = plausibility == null ? Plausibility.Settings.defaults() : plausibility;
    }

    /** As before the plausibility windows were part of the record: the default windows. */
    public HubConfig(String httpHost, int httpPort, int mqttPort, String brokerUrl, String brokerUsername,
                     String brokerPassword, String dataDir, String databaseUrl, String orderUrlTemplate,
                     BrokerPersistence brokerPersistence, String alertWebhookUrl, String fontsDir,
                     String tlsCert, String tlsKey, int httpsPort, Center center, RegionLink region) {
        this(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir, databaseUrl,
                orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center,
                region, null);
    }

    public HubConfig withPlausibility(Plausibility.Settings p) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort,
                center, region, p);
    }

    /** Where the embedded broker keeps sessions and retained messages. */
    public enum BrokerPersistence {
        /** Nothing survives a restart; agents re-publish state and the outbox re-sends events. */
        MEMORY,
        /** An H2 MVStore file under the data directory. */
        FILE
    }

    /** Placeholder in {@link #orderUrlTemplate()} replaced by the product's SKU. */
    public static final String SKU_PLACEHOLDER = "{sku}";

    /** Defaults: HTTP on 8080, embedded broker on 1883, data in {@code ./data}. */
    public static HubConfig defaults() {
        return new HubConfig("0.0.0.0", 8080, 1883, null, null, null, "data", null,
                "https://shop.example.org/p/{sku}", BrokerPersistence.MEMORY, null,
                KioskFonts.DEBIAN_DIR, null, null, 8443, Center.defaults(), RegionLink.none(),
                Plausibility.Settings.defaults());
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .build();

    /** A configuration the hub cannot start with; {@link #problems()} lists each problem in words. */
    public static final class InvalidConfigException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public InvalidConfigException(List<String> problems) {
            super("configuration problems:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Reads {@code file} (when not null) over the defaults, applies the environment, and validates.
     * Keys missing from the file keep their defaults.
     */
    public static HubConfig load(Path file, Map<String, String> env) throws InvalidConfigException {
        HubConfig base = defaults();
        if (file != null) {
            try {
                base = MAPPER.readerForUpdating(new Mutable(base)).<Mutable>readValue(Files.readAllBytes(file))
                        .toConfig();
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidConfigException(List.of(file + ": " + String.valueOf(e.getMessage()).split("\n")[0]));
            }
        }
        return base.withEnv(env);
    }

    /** Applies the environment overrides; a non-numeric port is reported by {@link #validate()}. */
    public HubConfig withEnv(Map<String, String> env) throws InvalidConfigException {
        List<String> errors = new ArrayList<>();
        Function<String, String> get = k -> {
            String v = env.get(k);
            return v == null || v.isBlank() ? null : v.trim();
        };
        int http = parsePort(get.apply("SSK_HTTP_PORT"), httpPort, "SSK_HTTP_PORT", errors);
        int mqtt = parsePort(get.apply("SSK_MQTT_PORT"), mqttPort, "SSK_MQTT_PORT", errors);
        int https = parsePort(get.apply("SSK_HTTPS_PORT"), httpsPort, "SSK_HTTPS_PORT", errors);
        BrokerPersistence persistence = brokerPersistence;
        String p = get.apply("SSK_BROKER_PERSISTENCE");
        if (p != null) {
            try {
                persistence = BrokerPersistence.valueOf(p.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("SSK_BROKER_PERSISTENCE: memory or file, was " + p);
            }
        }
        RegionLink regionWithEnv = (region == null ? RegionLink.none() : region).withEnv(env, errors);
        Plausibility.Settings plausibilityWithEnv = new Plausibility.Settings(
                parseLong(get.apply("SSK_EVENT_MAX_AHEAD_MS"), plausibility.maxAheadMs(), 0,
                        "plausibility.max_ahead_ms (SSK_EVENT_MAX_AHEAD_MS)", errors),
                parseLong(get.apply("SSK_EVENT_MAX_AGE_MS"), plausibility.maxAgeMs(), 0,
                        "plausibility.max_age_ms (SSK_EVENT_MAX_AGE_MS)", errors),
                parseLong(get.apply("SSK_LANE_MAX_GRAMS"), (long) plausibility.laneMaxGrams(), 1,
                        "plausibility.lane_max_grams (SSK_LANE_MAX_GRAMS)", errors));
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new HubConfig(or(get.apply("SSK_HTTP_HOST"), httpHost), http, mqtt,
                or(get.apply("SSK_BROKER_URL"), brokerUrl), or(get.apply("SSK_BROKER_USERNAME"), brokerUsername),
                or(get.apply("SSK_BROKER_PASSWORD"), brokerPassword), or(get.apply("SSK_DATA_DIR"), dataDir),
                or(get.apply("SSK_DB_URL"), databaseUrl), or(get.apply("SSK_ORDER_URL_TEMPLATE"), orderUrlTemplate),
                persistence, or(get.apply("SSK_ALERT_WEBHOOK_URL"), alertWebhookUrl),
                or(get.apply("SSK_FONTS_DIR"), fontsDir), or(get.apply("SSK_TLS_CERT"), tlsCert),
                or(get.apply("SSK_TLS_KEY"), tlsKey), https, center.withEnv(get), regionWithEnv, plausibilityWithEnv);
    }

    public HubConfig withHttpHost(String host) {
        return new HubConfig(host, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region, plausibility);
    }

    public HubConfig withCenter(Center c) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, c, region, plausibility);
    }

    public HubConfig withRegion(RegionLink r) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, r, plausibility);
    }

    public HubConfig withHttpPort(int port) {
        return new HubConfig(httpHost, port, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region, plausibility);
    }

    public HubConfig withMqttPort(int port) {
        return new HubConfig(httpHost, httpPort, port, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region, plausibility);
    }

    public HubConfig withDataDir(String dir) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region, plausibility);
    }

    public HubConfig withBrokerUrl(String url) {
        return new HubConfig(httpHost, httpPort, mqttPort, url, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region, plausibility);
    }

    /** This config with HTTPS and MQTT over TLS from a PEM certificate (chain) and its key; nulls: plain. */
    public HubConfig withTls(String cert, String key, int httpsPort) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, cert, key, httpsPort, center, region, plausibility);
    }

    /** True when the hub serves HTTPS and its embedded broker MQTT over TLS. */
    public boolean tls() {
        return tlsCert != null;
    }

    public HubConfig withFontsDir(String dir) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, dir, tlsCert, tlsKey, httpsPort, center, region, plausibility);
    }

    /** Throws with every problem found, each phrased for the person starting the hub. */
    public HubConfig validate() throws InvalidConfigException {
        List<String> errors = new ArrayList<>();
        if (httpHost == null || httpHost.isBlank()) {
            errors.add("http_host: give an address to listen on, e.g. 0.0.0.0");
        }
        checkPort("http_port (--http-port, SSK_HTTP_PORT)", httpPort, errors);
        if (brokerUrl == null) {
            checkPort("mqtt_port (--mqtt-port, SSK_MQTT_PORT)", mqttPort, errors);
        } else if (!brokerUrl.matches("tcp://[^/:\\s]+:\\d{1,5}")) {
            errors.add("broker_url (SSK_BROKER_URL): expected tcp://HOST:PORT, was " + brokerUrl);
        } else if (brokerPort() < 1 || brokerPort() > 65535) {
            errors.add("broker_url (SSK_BROKER_URL): port must be 1-65535, was " + brokerUrl);
        }
        if (dataDir == null || dataDir.isBlank()) {
            errors.add("data_dir (--data, SSK_DATA_DIR): give a folder for the ledger, e.g. ./data");
        } else if (Files.exists(Path.of(dataDir)) && !Files.isDirectory(Path.of(dataDir))) {
            errors.add("data_dir (--data, SSK_DATA_DIR): " + dataDir + " exists and is not a folder");
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:sqlite:")
                && !databaseUrl.startsWith("jdbc:postgresql:")) {
            errors.add("database_url (SSK_DB_URL): jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB, was " + databaseUrl);
        }
        if (orderUrlTemplate == null || !orderUrlTemplate.contains(SKU_PLACEHOLDER)
                || !orderUrlTemplate.matches("https?://\\S+")) {
            errors.add("order_url_template (SSK_ORDER_URL_TEMPLATE): an http(s) URL containing {sku}, was "
                    + orderUrlTemplate);
        }
        if (alertWebhookUrl != null && !alertWebhookUrl.matches("https?://\\S+")) {
            errors.add("alert_webhook_url (SSK_ALERT_WEBHOOK_URL): an http(s) URL to POST alerts to, was "
                    + alertWebhookUrl);
        }
        if (fontsDir == null || fontsDir.isBlank()) {
            errors.add("fonts_dir (SSK_FONTS_DIR): the folder of the Noto CJK fonts, e.g. " + KioskFonts.DEBIAN_DIR);
        }
        if (brokerPersistence == null) {
            errors.add("broker_persistence: memory or file");
        }
        checkTls(errors);
        errors.addAll(center.problems());
        if (region == null) {
            errors.add("region: an object (center_id, url, lag_alert_entries, lag_alert_seconds) or absent");
        } else {
            region.validate(errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return this;
    }

    /** True when the hub runs its own Moquette broker. */
    public boolean embeddedBroker() {
        return brokerUrl == null;
    }

    /** Host of the external broker; only when {@link #embeddedBroker()} is false. */
    public String brokerHost() {
        String rest = brokerUrl.substring("tcp://".length());
        return rest.substring(0, rest.lastIndexOf(':'));
    }

    /** Port of the external broker; only when {@link #embeddedBroker()} is false. */
    public int brokerPort() {
        return Integer.parseInt(brokerUrl.substring(brokerUrl.lastIndexOf(':') + 1));
    }

    /** The JDBC URL of the ledger and catalog: {@code databaseUrl} or {@code DATA_DIR/hub.db}. */
    public String jdbcUrl() {
        return databaseUrl != null ? databaseUrl
                : "jdbc:sqlite:" + Path.of(dataDir).resolve("hub.db").toAbsolutePath();
    }

    /** The order page of one product: the template with {@code {sku}} replaced. */
    public String orderUrl(String sku) {
        return orderUrlTemplate.replace(SKU_PLACEHOLDER, java.net.URLEncoder.encode(sku,
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "HubConfig[http=" + httpHost + ":" + httpPort + ", broker="
                + (embeddedBroker() ? "embedded:" + mqttPort + " (" + brokerPersistence + ")" : brokerUrl)
                + ", data=" + dataDir + ", db=" + (databaseUrl == null ? "sqlite in data dir" : "external")
                + ", order=" + orderUrlTemplate + ", fonts=" + fontsDir
                + (tls() ? ", https=" + httpsPort + " cert=" + tlsCert : ", plain HTTP") + ", center=" + center.name() + " ("
                + center.timeZone() + "), " + region + "]";
    }

    private void checkTls(List<String> errors) {
        if ((tlsCert == null) != (tlsKey == null)) {
            errors.add("tls_cert and tls_key (SSK_TLS_CERT, SSK_TLS_KEY): give both (PEM files) for HTTPS and"
                    + " MQTT over TLS, or neither for plain HTTP and MQTT");
            return;
        }
        if (tlsCert == null) {
            return;
        }
        checkPem("tls_cert (SSK_TLS_CERT)", tlsCert, "-----BEGIN CERTIFICATE-----", errors);
        checkPem("tls_key (SSK_TLS_KEY)", tlsKey, "PRIVATE KEY-----", errors);
        checkPort("https_port (SSK_HTTPS_PORT)", httpsPort, errors);
        if (httpsPort != 0 && httpsPort == httpPort) {
            errors.add("https_port (SSK_HTTPS_PORT): must differ from http_port, which redirects to it; both are "
                    + httpPort);
        }
    }

    private static void checkPem(String what, String file, String marker, List<String> errors) {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            errors.add(what + ": cannot read " + file + " (make it with deploy/hub/ssk-make-certs)");
            return;
        }
        try {
            if (!Files.readString(p, java.nio.charset.StandardCharsets.US_ASCII).contains(marker)) {
                errors.add(what + ": " + file + " is not a PEM file with " + marker);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            errors.add(what + ": " + file + " is not a PEM file with " + marker);
        }
    }

    private static void checkPort(String what, int port, List<String> errors) {
        if (port < 0 || port > 65535) {
            errors.add(what + ": 0-65535 (0 picks a free port), was " + port);
        }
    }

    private static int parsePort(String v, int dflt, String name, List<String> errors) {
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            errors.add(name + ": a port number 0-65535, was " + v);
            return dflt;
        }
    }

    private static long parseLong(String v, long dflt, long min, String name, List<String> errors) {
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(name + ": a whole number >= " + min + ", was " + v);
        return dflt;
    }

    private static String or(String v, String dflt) {
        return v != null ? v : dflt;
    }

    /** Jackson target for reading a file over the defaults (records cannot be updated in place). */
    static final class Mutable {
        public String httpHost;
        public int httpPort;
        public int mqttPort;
        public String brokerUrl;
        public String brokerUsername;
        public String brokerPassword;
        public String dataDir;
        public String databaseUrl;
        public String orderUrlTemplate;
        public BrokerPersistence brokerPersistence;
        public String alertWebhookUrl;
        public String fontsDir;
        public String tlsCert;
        public String tlsKey;
        public int httpsPort;
        public Center center;
        public RegionLink region;
        public PlausibilityKeys plausibility = new PlausibilityKeys();

        Mutable() {
        }

        Mutable(HubConfig c) {
            httpHost = c.httpHost;
            httpPort = c.httpPort;
            mqttPort = c.mqttPort;
            brokerUrl = c.brokerUrl;
            brokerUsername = c.brokerUsername;
            brokerPassword = c.brokerPassword;
            dataDir = c.dataDir;
            databaseUrl = c.databaseUrl;
            orderUrlTemplate = c.orderUrlTemplate;
            brokerPersistence = c.brokerPersistence;
            alertWebhookUrl = c.alertWebhookUrl;
            fontsDir = c.fontsDir;
            tlsCert = c.tlsCert;
            tlsKey = c.tlsKey;
            httpsPort = c.httpsPort;
            center = c.center;
            region = c.region;
            current = c.plausibility;
        }

        private Plausibility.Settings current = Plausibility.Settings.defaults();

        HubConfig toConfig() {
            return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                    databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region,
                    plausibility == null ? current : plausibility.over(current));
        }
    }

    /** The file's {@code plausibility} object: keys left out keep their values (unlike a whole record). */
    static final class PlausibilityKeys {
        public Long maxAheadMs;
        public Long maxAgeMs;
        public Double laneMaxGrams;

        Plausibility.Settings over(Plausibility.Settings s) {
            return new Plausibility.Settings(maxAheadMs != null ? maxAheadMs : s.maxAheadMs(),
                    maxAgeMs != null ? maxAgeMs : s.maxAgeMs(), laneMaxGrams != null ? laneMaxGrams : s.laneMaxGrams());
        }
    }
}
