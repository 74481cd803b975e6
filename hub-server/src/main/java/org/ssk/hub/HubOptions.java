package org.ssk.hub;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code serve} and {@code demo} share. Precedence: defaults, then the config file,
 * then the environment, then these options.
 */
public final class HubOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file (snake_case keys of HubConfig).")
    Path config;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port; 0 picks a free one (env SSK_HTTP_PORT).")
    Integer httpPort;

    @Option(names = "--mqtt-port", paramLabel = "PORT",
            description = "Port of the embedded MQTT broker; 0 picks a free one (env SSK_MQTT_PORT).")
    Integer mqttPort;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder for the ledger database (env SSK_DATA_DIR).")
    String dataDir;

    @Option(names = "--broker-url", paramLabel = "tcp://HOST:PORT",
            description = "Use this external MQTT 3.1.1 broker instead of the embedded one (env SSK_BROKER_URL).")
    String brokerUrl;

    /** Builds and validates the config; {@code defaultDataDir} applies when nothing else names one. */
    public HubConfig resolve(Map<String, String> env, String defaultDataDir) throws HubConfig.InvalidConfigException {
        HubConfig c = HubConfig.load(config, env);
        if (defaultDataDir != null && dataDir == null && !env.containsKey("SSK_DATA_DIR")
                && (config == null || c.dataDir().equals(HubConfig.defaults().dataDir()))) {
            c = c.withDataDir(defaultDataDir);
        }
        if (httpPort != null) {
            c = c.withHttpPort(httpPort);
        }
        if (mqttPort != null) {
            c = c.withMqttPort(mqttPort);
        }
        if (dataDir != null) {
            c = c.withDataDir(dataDir);
        }
        if (brokerUrl != null) {
            c = c.withBrokerUrl(brokerUrl);
        }
        return c.validate();
    }
}
