package org.ssk.agent.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
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
 * {@code SSK_BROKER_PASSWORD}, {@code SSK_BROKER_CA_FILE}, {@code SSK_DATA_DIR}. Passwords belong in the environment or in a
 * file readable only by the agent's user, never in the repository.
 *
 * <p>Hardware: every pin is a BCM GPIO number. {@code button_pin} is a push button between the pin
 * and ground (the agent turns on the pin's pull-up; pressed reads low); {@code led_pin} drives an
 * LED through a resistor to ground (high = on). Lanes, proximity sensor and the wiring rules are
 * described on {@link Sensor}, {@link Proximity} and checked by {@link #validate()}.
 */
public record AgentConfig(String shelf, Broker broker, String dataDir, int sps, long telemetryIntervalMs,
                          List<Lane> lanes, Proximity proximity, Integer buttonPin, Integer ledPin) {

    /**
     * How to reach the MQTT broker. {@code url} is {@code tcp://host:port} or {@code ssl://host:port};
     * with {@code ssl://}, {@code caFile} (PEM, the center's CA from {@code ssk-make-certs}) is what
     * the broker's certificate must be signed by, and the host in the URL must be named in it. Without
     * {@code caFile} the JVM's trust store decides ({@code -Djavax.net.ssl.trustStore}).
     */
    public record Broker(String url, String username, String password, String caFile) {
        @com.fasterxml.jackson.annotation.JsonCreator
        public Broker {
        }

        public Broker(String url, String username, String password) {
            this(url, username, password, null);
        }
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
     * A weight sensor. {@code type}: {@code hx711} (uses {@code data_pin} and {@code clock_pin}, BCM
     * numbers; several HX711 may share one clock pin and are then read together), {@code nau7802}
     * (uses {@code i2c_bus}, {@code i2c_address} = 0x2A, {@code channel} 1 or 2) or {@code simulated}.
     * I2C addresses are written {@code "0x2A"} or as a plain number.
     */
    public record Sensor(String type, Integer dataPin, Integer clockPin, Integer i2cBus,
                         @JsonSerialize(using = HexAddress.Writer.class)
                         @JsonDeserialize(using = HexAddress.Reader.class) Integer i2cAddress,
                         Integer channel) {
    }

    /**
     * Raw ADC counts to grams: {@code grams = (raw - offset) / countsPerGram}; capacity in grams.
     * {@code calibratedAt} (ISO-8601 instant) is set by {@code shelf-agent calibrate}; null means
     * the numbers are the example's placeholders and the lane reads only roughly.
     */
    public record Calibration(double offset, double countsPerGram, double capacityGrams, String calibratedAt) {
        public Calibration(double offset, double countsPerGram, double capacityGrams) {
            this(offset, countsPerGram, capacityGrams, null);
        }

        /** Calibrated grams of a raw reading. */
        public double grams(long raw) {
            return (raw - offset) / countsPerGram;
        }
    }

    /**
     * The shelf's proximity sensor: {@code vl53l0x} ({@code i2c_bus}, {@code i2c_address}, default
     * 0x29), {@code ir_beam} (an IR break-beam receiver on {@code pin}: low = beam broken),
     * {@code pir} (a PIR module on {@code pin}: high = motion) or {@code none}.
     */
    public record Proximity(String type, Integer i2cBus,
                            @JsonSerialize(using = HexAddress.Writer.class)
                            @JsonDeserialize(using = HexAddress.Reader.class) Integer i2cAddress,
                            Integer pin) {
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

    /**
     * Rewrites the file with new calibrations (lane id to calibration), leaving everything else as
     * the file had it: environment overrides (a password from {@code SSK_BROKER_PASSWORD}) must not
     * end up in the file.
     */
    public static void saveCalibrations(Path file, Map<String, Calibration> calibrations) throws IOException {
        AgentConfig c = MAPPER.readValue(Files.readAllBytes(file), AgentConfig.class);
        for (Map.Entry<String, Calibration> e : calibrations.entrySet()) {
            c = c.withCalibration(e.getKey(), e.getValue());
        }
        c.save(file);
    }

    /**
     * Loads like {@link #load}; when the file cannot be used, prints every problem to {@code err}
     * in the commands' style ({@code shelf-agent: ...}) and returns empty.
     */
    public static java.util.Optional<AgentConfig> loadOrExplain(Path file, Map<String, String> env,
                                                                java.io.PrintWriter err) {
        try {
            return java.util.Optional.of(load(file, env));
        } catch (ConfigException e) {
            err.println("shelf-agent: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** Writes the config back (after calibration), pretty-printed. */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** This config with one lane's calibration replaced (what {@code shelf-agent calibrate} saves). */
    public AgentConfig withCalibration(String laneId, Calibration calibration) {
        List<Lane> ls = lanes.stream()
                .map(l -> l.id().equals(laneId)
                        ? new Lane(l.id(), l.sensor(), calibration, l.sku(), l.unitGrams(), l.initialQty()) : l)
                .toList();
        return new AgentConfig(shelf, broker, dataDir, sps, telemetryIntervalMs, ls, proximity, buttonPin, ledPin);
    }

    AgentConfig withEnv(Map<String, String> env) {
        Broker b = broker == null ? new Broker(null, null, null) : broker;
        b = new Broker(env.getOrDefault("SSK_BROKER_URL", b.url()),
                env.getOrDefault("SSK_BROKER_USERNAME", b.username()),
                env.getOrDefault("SSK_BROKER_PASSWORD", b.password()),
                env.getOrDefault("SSK_BROKER_CA_FILE", b.caFile()));
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
        if (broker != null && broker.caFile() != null && !Files.isReadable(Path.of(broker.caFile()))) {
            errors.add("broker.ca_file: cannot read " + broker.caFile() + " (the center's ca.crt, PEM)");
        }
        if (dataDir == null || dataDir.isBlank()) {
            errors.add("data_dir: give a folder for the event outbox, e.g. /var/lib/ssk-agent");
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
                if (l.calibration() == null) {
                    errors.add(where + ".calibration: missing; run `shelf-agent calibrate`");
                } else if (l.calibration().countsPerGram() == 0 || !(l.calibration().capacityGrams() > 0)) {
                    errors.add(where + ".calibration: counts_per_gram must be non-zero and capacity_grams > 0;"
                            + " run `shelf-agent calibrate`");
                }
            }
        }
        HardwareRules.check(this, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }
}
