package org.ssk.agent.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wiring half of {@link AgentConfig#validate()}: sensor types, BCM pin numbers, pins used twice,
 * I2C buses and addresses, and the sample rate the chosen chips can deliver. Each problem is added
 * to the caller's list in words a technician with the wiring table in hand can act on.
 *
 * <p>Pins are BCM GPIO numbers (what Pi4J and {@code pinout} call GPIO17), not header positions.
 * One pin may serve several roles only when every role is an HX711 clock: boards on one PD_SCK
 * line are clocked together and read in lock-step, each on its own data pin.
 */
final class HardwareRules {
    /** The NAU7802's I2C address is fixed in silicon (datasheet section 9.1). */
    static final int NAU7802_ADDRESS = 0x2A;
    /** The VL53L0X's address after power-up. */
    static final int VL53L0X_ADDRESS = 0x29;
    static final Set<String> WEIGHT_TYPES = Set.of("hx711", "nau7802", "simulated");
    static final Set<String> PROXIMITY_TYPES = Set.of("vl53l0x", "ir_beam", "pir", "none");
    private static final Map<String, Set<Integer>> RATES = Map.of(
            "hx711", Set.of(10, 80),               // set by the board's RATE pin
            "nau7802", Set.of(10, 20, 40, 80, 320), // CTRL2.CRS
            "simulated", Set.of(10, 80, 320));
    private static final String CLOCK = "HX711 clock";

    private HardwareRules() {
    }

    static void check(AgentConfig c, List<String> errors) {
        Map<Integer, List<String>> pins = new LinkedHashMap<>();
        Map<String, String> i2c = new LinkedHashMap<>();
        Set<String> types = new LinkedHashSet<>();
        List<AgentConfig.Lane> lanes = c.lanes() == null ? List.of() : c.lanes();
        for (int i = 0; i < lanes.size(); i++) {
            AgentConfig.Lane l = lanes.get(i);
            String where = "lanes[" + i + "]";
            String name = "lane " + (l.id() == null ? i : l.id());
            AgentConfig.Sensor s = l.sensor();
            if (s == null || s.type() == null || !WEIGHT_TYPES.contains(s.type())) {
                errors.add(where + ".sensor.type: one of hx711, nau7802, simulated (was "
                        + (s == null ? null : s.type()) + ")");
                continue;
            }
            types.add(s.type());
            switch (s.type()) {
                case "hx711" -> {
                    pin(errors, pins, where + ".sensor.data_pin", s.dataPin(), name + " HX711 data (DOUT)");
                    pin(errors, pins, where + ".sensor.clock_pin", s.clockPin(), CLOCK);
                }
                case "nau7802" -> {
                    if (s.i2cAddress() != null && s.i2cAddress() != NAU7802_ADDRESS) {
                        errors.add(where + ".sensor.i2c_address: a NAU7802 always answers at 0x2A, was "
                                + HexAddress.format(s.i2cAddress()) + "; leave it out or write \"0x2A\"");
                    }
                    if (s.channel() != null && s.channel() != 1 && s.channel() != 2) {
                        errors.add(where + ".sensor.channel: 1 or 2 (the NAU7802's VIN1 or VIN2 inputs), was "
                                + s.channel());
                    }
                    bus(errors, i2c, where + ".sensor", s.i2cBus(), NAU7802_ADDRESS, name + " NAU7802");
                }
                default -> {
                }
            }
            calibratedAt(errors, where, l.calibration());
        }
        proximity(c.proximity(), errors, pins, i2c);
        pin(errors, pins, "button_pin", c.buttonPin(), "staff button", true);
        pin(errors, pins, "led_pin", c.ledPin(), "status LED", true);
        if (i2c.keySet().stream().anyMatch(k -> k.startsWith("1/"))) {
            for (int p : List.of(2, 3)) {
                if (pins.containsKey(p)) {
                    errors.add("GPIO" + p + " is SDA/SCL of I2C bus 1 (header pins 3 and 5), which "
                            + String.join(", ", new TreeSet<>(i2c.values())) + " use; move the "
                            + String.join(", ", pins.get(p)) + " to another pin");
                }
            }
        }
        pins.forEach((p, roles) -> {
            if (roles.size() > 1 && !roles.stream().allMatch(CLOCK::equals)) {
                errors.add("GPIO" + p + " is wired to " + String.join(" and ", roles)
                        + "; only HX711 clock (PD_SCK) lines may be shared");
            }
        });
        Set<Integer> rates = new TreeSet<>(Set.of(10, 20, 40, 80, 320));
        types.forEach(t -> rates.retainAll(RATES.get(t)));
        if (!rates.contains(c.sps())) {
            errors.add("sps: " + (types.isEmpty() ? "" : "with " + String.join(" and ", types) + " lanes ")
                    + "the samples per second must be one of " + rates
                    + " (HX711: 10 with RATE low, 80 with RATE high; NAU7802: 10 to 320), was " + c.sps());
        }
    }

    private static void proximity(AgentConfig.Proximity p, List<String> errors, Map<Integer, List<String>> pins,
                                  Map<String, String> i2c) {
        if (p == null || "none".equals(p.type())) {
            return;
        }
        if (p.type() == null || !PROXIMITY_TYPES.contains(p.type())) {
            errors.add("proximity.type: one of vl53l0x, ir_beam, pir, none (was " + p.type() + ")");
            return;
        }
        if (p.type().equals("vl53l0x")) {
            int address = Objects.requireNonNullElse(p.i2cAddress(), VL53L0X_ADDRESS);
            if (address < 0x08 || address > 0x77) {
                errors.add("proximity.i2c_address: between 0x08 and 0x77, was " + HexAddress.format(address));
            } else {
                bus(errors, i2c, "proximity", p.i2cBus(), address, "the VL53L0X");
            }
        } else {
            String what = p.type().equals("pir") ? "PIR sensor" : "IR break-beam receiver";
            if (p.pin() == null) {
                errors.add("proximity.pin: give the BCM GPIO number the " + what + "'s output is wired to");
            } else {
                pin(errors, pins, "proximity.pin", p.pin(), what);
            }
        }
    }

    private static void pin(List<String> errors, Map<Integer, List<String>> pins, String field, Integer pin,
                            String role) {
        pin(errors, pins, field, pin, role, false);
    }

    private static void pin(List<String> errors, Map<Integer, List<String>> pins, String field, Integer pin,
                            String role, boolean optional) {
        if (pin == null) {
            if (!optional) {
                errors.add(field + ": give the BCM GPIO number of the " + role + " wire");
            }
            return;
        }
        if (pin == 0 || pin == 1) {
            errors.add(field + ": GPIO" + pin + " is reserved for the HAT ID EEPROM; use GPIO4 to GPIO27");
        } else if (pin < 0 || pin > 27) {
            errors.add(field + ": " + pin + " is not a GPIO of the 40-pin header; BCM numbers run 2 to 27"
                    + " (GPIO17 is header pin 11)");
        } else {
            pins.computeIfAbsent(pin, k -> new ArrayList<>()).add(role);
        }
    }

    private static void bus(List<String> errors, Map<String, String> i2c, String field, Integer bus, int address,
                            String who) {
        if (bus == null) {
            errors.add(field + ".i2c_bus: give the I2C bus number, 1 for header pins 3 (SDA) and 5 (SCL)");
            return;
        }
        if (bus < 0 || bus > 31) {
            errors.add(field + ".i2c_bus: " + bus + " is not an I2C bus (/dev/i2c-0 to /dev/i2c-31)");
            return;
        }
        String key = bus + "/" + address;
        String before = i2c.putIfAbsent(key, who);
        if (before != null) {
            errors.add(field + ": " + who + " and " + before + " both answer at " + HexAddress.format(address)
                    + " on I2C bus " + bus + "; give each its own bus or a port of an I2C multiplexer");
        }
    }

    private static void calibratedAt(List<String> errors, String where, AgentConfig.Calibration cal) {
        if (cal == null || cal.calibratedAt() == null) {
            return;
        }
        try {
            Instant.parse(cal.calibratedAt());
        } catch (DateTimeParseException e) {
            errors.add(where + ".calibration.calibrated_at: a time like 2026-11-23T08:00:00Z, was "
                    + cal.calibratedAt() + "; run `shelf-agent calibrate` to set it");
        }
    }
}
