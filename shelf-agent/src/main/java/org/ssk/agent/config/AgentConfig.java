package org.ssk.agent.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ssk.protocol.Topics;

/**
 * The agent's whole configuration, read from one JSON file (snake_case keys, see
 * {@code shelf-agent/agent.example.json}) with environment overrides, and validated at start so a
 * technician gets every problem at once, in words, before anything touches the hardware.
 *
 * <p>Environment overrides: {@code SSK_SHELF}, {@code SSK_BROKER_URL}, {@code SSK_BROKER_USERNAME},
 * {@code SSK_BROKER_PASSWORD}, {@code SSK_DATA_DIR}. Passwords belong in the environment or in a
 * file readable only by the agent's user, never in the repository.
 */
public record AgentConfig(String shelf, Broker broker, String dataDir, int sps, long telemetryIntervalMs,
                          List<Lane> lanes, Proximity proximity, Integer buttonPin, Integer ledPin) {

    /** How to reach the MQTT broker. {@code url} is {@code tcp://host:port} or {@code ssl://host:port}. */
    public record Broker(String url, String username, String password) {
    }

    /**
     * One lane: its id, the load-cell front end that measures it, and its calibration. SKU and unit
     * weight normally come from the hub's retained config topic; the values here are the fallback
     * until the hub has spoken.
     */
    public record Lane(String id, Sensor sensor, Calibration calibration, String sku, Double unitGrams,
                       Integer initialQty) {
    }

    /**
     * A weight sensor. {@code type}: {@code hx711} (uses {@code dataPin}, {@code clockPin}, BCM numbers),
     * {@code nau7802} (uses {@code i2cBus}, {@code i2cAddress}, {@code channel}) or {@code simulated}.
     */
    public record Sensor(String type, Integer dataPin, Integer clockPin, Integer i2cBus, Integer i2cAddress,
                         Integer channel) {
    }

    /** Raw ADC counts to grams: {@code grams = (raw - offset) / countsPerGram}; capacity in grams. */
    public record Calibration(double offset, double countsPerGram, double capacityGrams) {
    }

    /** The shelf's proximity sensor: {@code vl53l0x} ({@code i2cBus}, {@code i2cAddress}), {@code ir_beam} ({@code pin}) or {@code none}. */
    public record Proximity(String type, Integer i2cBus, Integer i2cAddress, Integer pin) {
    }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .build();

    /** Reads, applies environment overrides and validates; the exception lists every problem. */
    public static AgentConfig load(Path file, Map<String, String> env) throws ConfigException {
        AgentConfig raw;
        try {
            raw = MAPPER.readValue(Files.readAllBytes(file), AgentConfig.class);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": " + e.getMessage().split("\n")[0]));
        }
        AgentConfig c = raw.withEnv(env);
        c.validate();
        return c;
    }

    /** Writes the config back (after calibration), pretty-printed. */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    AgentConfig withEnv(Map<String, String> env) {
        Broker b = broker == null ? new Broker(null, null, null) : broker;
        b = new Broker(env.getOrDefault("SSK_BROKER_URL", b.url()),
                env.getOrDefault("SSK_BROKER_USERNAME", b.username()),
                env.getOrDefault("SSK_BROKER_PASSWORD", b.password()));
        return new AgentConfig(env.getOrDefault("SSK_SHELF", shelf), b, env.getOrDefault("SSK_DATA_DIR", dataDir),
                sps, telemetryIntervalMs, lanes, proximity, buttonPin, ledPin);
    }

    /** Throws with every problem found, each phrased for a technician. */
    public void validate() throws ConfigException {
        List<String> errors = new ArrayList<>();
        if (shelf == null || !Topics.SHELF_ID.matcher(shelf).matches()) {
            errors.add("shelf: give the shelf's id, 1-32 letters, digits, '_' or '-' (was " + shelf + ")");
        }
        if (broker == null || broker.url() == null || !broker.url().matches("(tcp|ssl)://[^/:]+:\\d{1,5}")) {
            errors.add("broker.url: expected tcp://HOST:PORT or ssl://HOST:PORT (was "
                    + (broker == null ? null : broker.url()) + ")");
        }
        if (dataDir == null || dataDir.isBlank()) {
            errors.add("data_dir: give a folder for the event outbox, e.g. /var/lib/ssk-agent");
        }
        if (sps != 10 && sps != 80 && sps != 320) {
            errors.add("sps: samples per second must be 10 or 80 (HX711) or 320 (NAU7802), was " + sps);
        }
        if (telemetryIntervalMs < 1000) {
            errors.add("telemetry_interval_ms: at least 1000, was " + telemetryIntervalMs);
        }
        if (lanes == null || lanes.isEmpty()) {
            errors.add("lanes: at least one lane is needed");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < lanes.size(); i++) {
                Lane l = lanes.get(i);
                String where = "lanes[" + i + "]";
                if (l.id() == null || !l.id().matches("[A-Za-z0-9_-]{1,16}")) {
                    errors.add(where + ".id: 1-16 letters, digits, '_' or '-' (was " + l.id() + ")");
                } else if (!ids.add(l.id())) {
                    errors.add(where + ".id: lane " + l.id() + " appears twice");
                }
                if (l.sensor() == null || l.sensor().type() == null) {
                    errors.add(where + ".sensor.type: one of hx711, nau7802, simulated");
                }
                if (l.calibration() == null) {
                    errors.add(where + ".calibration: missing; run `shelf-agent calibrate`");
                } else if (l.calibration().countsPerGram() == 0 || !(l.calibration().capacityGrams() > 0)) {
                    errors.add(where + ".calibration: counts_per_gram must be non-zero and capacity_grams > 0;"
                            + " run `shelf-agent calibrate`");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
