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
 * <p>{@code region}: this center's id and its link to the region ({@link RegionLink}, environment
 * {@code SSK_CENTER_ID}, {@code SSK_REGION_URL}, {@code SSK_REGION_SECRET}, …); absent: no region.
 */
public record HubConfig(String httpHost, int httpPort, int mqttPort, String brokerUrl, String brokerUsername,
                        String brokerPassword, String dataDir, String databaseUrl, String orderUrlTemplate,
                        BrokerPersistence brokerPersistence, String alertWebhookUrl, String fontsDir,
                        String tlsCert, String tlsKey, int httpsPort, Center center,
                        RegionLink region) {

    public HubConfig {
        center = center == null ? Center.defaults() : center;
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
                KioskFonts.DEBIAN_DIR, null, null, 8443, Center.defaults(), RegionLink.none());
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
            } catch (IOException e) {
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
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
        return new HubConfig(or(get.apply("SSK_HTTP_HOST"), httpHost), http, mqtt,
                or(get.apply("SSK_BROKER_URL"), brokerUrl), or(get.apply("SSK_BROKER_USERNAME"), brokerUsername),
                or(get.apply("SSK_BROKER_PASSWORD"), brokerPassword), or(get.apply("SSK_DATA_DIR"), dataDir),
                or(get.apply("SSK_DB_URL"), databaseUrl), or(get.apply("SSK_ORDER_URL_TEMPLATE"), orderUrlTemplate),
                persistence, or(get.apply("SSK_ALERT_WEBHOOK_URL"), alertWebhookUrl),
                or(get.apply("SSK_FONTS_DIR"), fontsDir), or(get.apply("SSK_TLS_CERT"), tlsCert),
                or(get.apply("SSK_TLS_KEY"), tlsKey), https, center.withEnv(get), regionWithEnv);
    }

    public HubConfig withHttpHost(String host) {
        return new HubConfig(host, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region);
    }

    public HubConfig withCenter(Center c) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, c, region);
    }

    public HubConfig withRegion(RegionLink r) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, r);
    }

    public HubConfig withHttpPort(int port) {
        return new HubConfig(httpHost, port, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region);
    }

    public HubConfig withMqttPort(int port) {
        return new HubConfig(httpHost, httpPort, port, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region);
    }

    public HubConfig withDataDir(String dir) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region);
    }

    public HubConfig withBrokerUrl(String url) {
        return new HubConfig(httpHost, httpPort, mqttPort, url, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region);
    }

    /** This config with HTTPS and MQTT over TLS from a PEM certificate (chain) and its key; nulls: plain. */
    public HubConfig withTls(String cert, String key, int httpsPort) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, cert, key, httpsPort, center, region);
    }

    /** True when the hub serves HTTPS and its embedded broker MQTT over TLS. */
    public boolean tls() {
        return tlsCert != null;
    }

    public HubConfig withFontsDir(String dir) {
        return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, dir, tlsCert, tlsKey, httpsPort, center, region);
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
        }

        HubConfig toConfig() {
            return new HubConfig(httpHost, httpPort, mqttPort, brokerUrl, brokerUsername, brokerPassword, dataDir,
                    databaseUrl, orderUrlTemplate, brokerPersistence, alertWebhookUrl, fontsDir, tlsCert, tlsKey, httpsPort, center, region);
        }
    }
}
