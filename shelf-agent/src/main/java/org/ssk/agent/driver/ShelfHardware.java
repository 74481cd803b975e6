package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ssk.agent.config.AgentConfig;

/**
 * A shelf's drivers, built from a validated {@link AgentConfig} on some {@link Pins}: one
 * {@link LoadCell} per hardware lane (HX711 lanes sharing a clock pin become one {@link Hx711Bank}),
 * the proximity sensor, the staff button and the status LED. Lanes of type {@code simulated} have
 * no load cell here.
 *
 * <p>Opening only creates handles and drivers; chips are first talked to on the first read, so a
 * missing chip shows up as that lane's {@link SensorException}, not as a failure to open. Closing
 * powers the chips down and releases the pins. Not thread-safe: one thread reads the drivers.
 */
public final class ShelfHardware implements AutoCloseable {
    /** HX711 data-ready wait: a few periods at 10 SPS and the 400 ms settling after power-up. */
    static final Duration HX711_READY_TIMEOUT = Duration.ofMillis(600);

    private final Pins pins;
    private final Map<String, LoadCell> loadCells;
    private final List<Hx711Bank> banks;
    private final ProximitySensor proximity;
    private final StaffButton button;
    private final StatusLed led;
    private final Ticker ticker;

    private ShelfHardware(Pins pins, Map<String, LoadCell> loadCells, List<Hx711Bank> banks,
                          ProximitySensor proximity, StaffButton button, StatusLed led, Ticker ticker) {
        this.pins = pins;
        this.loadCells = loadCells;
        this.banks = banks;
        this.proximity = proximity;
        this.button = button;
        this.led = led;
        this.ticker = ticker;
    }

    /**
     * Creates every handle the config names. On failure releases what was opened and says which
     * pin or bus could not be had and why.
     */
    public static ShelfHardware open(AgentConfig config, Pins pins) throws HardwareUnavailableException {
        return open(config, pins, Ticker.SYSTEM);
    }

    static ShelfHardware open(AgentConfig config, Pins pins, Ticker ticker) throws HardwareUnavailableException {
        try {
            return build(config, pins, ticker);
        } catch (HardwareUnavailableException e) {
            pins.close();
            throw e;
        }
    }

    private static ShelfHardware build(AgentConfig config, Pins pins, Ticker ticker)
            throws HardwareUnavailableException {
        Map<Integer, List<String>> lanesByClock = new LinkedHashMap<>();
        Map<Integer, List<DigitalInput>> dataByClock = new LinkedHashMap<>();
        Map<String, LoadCell> cells = new LinkedHashMap<>();
        for (AgentConfig.Lane l : config.lanes()) {
            AgentConfig.Sensor s = l.sensor();
            String who = "lane " + l.id();
            switch (s.type()) {
                case "hx711" -> {
                    DigitalInput dout = handle(who + " HX711 data (DOUT) on GPIO" + s.dataPin(),
                            () -> pins.input(s.dataPin(), PullResistance.PULL_UP));
                    lanesByClock.computeIfAbsent(s.clockPin(), k -> new ArrayList<>()).add(l.id());
                    dataByClock.computeIfAbsent(s.clockPin(), k -> new ArrayList<>()).add(dout);
                    cells.put(l.id(), null);
                }
                case "nau7802" -> {
                    int bus = s.i2cBus();
                    cells.put(l.id(), new Nau7802(handle(who + " NAU7802 on I2C bus " + bus,
                            () -> pins.i2c(bus, Nau7802.ADDRESS)), config.sps(),
                            Objects.requireNonNullElse(s.channel(), 1), ticker));
                }
                default -> {
                }
            }
        }
        List<Hx711Bank> banks = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : lanesByClock.entrySet()) {
            int clockPin = e.getKey();
            Hx711Bank bank = new Hx711Bank(handle("HX711 clock (PD_SCK) on GPIO" + clockPin,
                    () -> pins.output(clockPin)), dataByClock.get(clockPin), HX711_READY_TIMEOUT, ticker);
            banks.add(bank);
            for (int i = 0; i < e.getValue().size(); i++) {
                cells.put(e.getValue().get(i), bank.channel(i));
            }
        }
        cells.values().removeIf(Objects::isNull);
        ProximitySensor proximity = proximity(config.proximity(), pins, ticker);
        StaffButton button = config.buttonPin() == null ? null : new StaffButton(handle(
                "staff button on GPIO" + config.buttonPin(), () -> pins.input(config.buttonPin(), PullResistance.PULL_UP)));
        StatusLed led = config.ledPin() == null ? null
                : new StatusLed(handle("status LED on GPIO" + config.ledPin(), () -> pins.output(config.ledPin())));
        return new ShelfHardware(pins, Map.copyOf(cells), List.copyOf(banks), proximity, button, led, ticker);
    }

    private static ProximitySensor proximity(AgentConfig.Proximity p, Pins pins, Ticker ticker)
            throws HardwareUnavailableException {
        if (p == null || p.type() == null) {
            return null;
        }
        return switch (p.type()) {
            case "vl53l0x" -> {
                int address = Objects.requireNonNullElse(p.i2cAddress(), Vl53l0x.DEFAULT_ADDRESS);
                yield new Vl53l0x(handle("VL53L0X on I2C bus " + p.i2cBus(), () -> pins.i2c(p.i2cBus(), address)), ticker);
            }
            case "ir_beam" -> DigitalPresence.irBeam(handle("IR break-beam on GPIO" + p.pin(),
                    () -> pins.input(p.pin(), PullResistance.PULL_UP)));
            case "pir" -> DigitalPresence.pir(handle("PIR on GPIO" + p.pin(),
                    () -> pins.input(p.pin(), PullResistance.PULL_DOWN)));
            default -> null;
        };
    }

    private interface Opener<T> {
        T open();
    }

    private static <T> T handle(String what, Opener<T> opener) throws HardwareUnavailableException {
        try {
            return opener.open();
        } catch (RuntimeException e) {
            throw new HardwareUnavailableException("cannot open the " + what + ": " + e.getMessage()
                    + " (is the agent service or another program using it? is the user in the gpio and i2c"
                    + " groups? is I2C enabled in raspi-config?)", e);
        }
    }

    /** Load cells by lane id, for the hardware lanes of the config. */
    public Map<String, LoadCell> loadCells() {
        return loadCells;
    }

    /** The drivers' clock, ns: what a command times conversion rates with. */
    public long nanoTime() {
        return ticker.nanoTime();
    }

    /** The HX711 groups, one per clock pin, for their timing figures. */
    public List<Hx711Bank> hx711Banks() {
        return banks;
    }

    public Optional<ProximitySensor> proximity() {
        return Optional.ofNullable(proximity);
    }

    public Optional<StaffButton> button() {
        return Optional.ofNullable(button);
    }

    public Optional<StatusLed> led() {
        return Optional.ofNullable(led);
    }

    @Override
    public void close() {
        loadCells.values().forEach(LoadCell::close);
        banks.forEach(Hx711Bank::close);
        if (proximity != null) {
            proximity.close();
        }
        if (button != null) {
            button.close();
        }
        if (led != null) {
            led.close();
        }
        pins.close();
    }
}
