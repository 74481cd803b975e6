package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.ssk.agent.config.AgentConfig;

/**
 * A whole shelf of fake chips wired as an {@link AgentConfig} says, on Pi4J's mock plugin: an
 * {@link FakeHx711} on each HX711 lane's pins (sharing the mock clock output where the config shares
 * a clock pin), a {@link FakeNau7802} per NAU7802 lane, a {@link FakeVl53l0x} or a mock input for
 * the proximity sensor, mock pins for button and LED. {@link #opener()} gives commands and sources
 * the {@link ShelfHardware} built on it, with fake time. For tests of the commands and the source.
 */
public final class FakeShelf implements AutoCloseable {
    private final MockPi pi = new MockPi();
    private final FakeNanos nanos = new FakeNanos();
    private final AgentConfig config;
    private final Map<Integer, MockDigitalInput> inputs = new HashMap<>();
    private final Map<Integer, MockDigitalOutput> outputs = new HashMap<>();
    private final Map<String, FakeI2CDevice> i2c = new HashMap<>();
    private final Map<String, FakeHx711> hx711 = new HashMap<>();
    private final Map<String, FakeNau7802> nau7802 = new HashMap<>();
    private boolean unreachable;

    public FakeShelf(AgentConfig config) {
        this.config = config;
        for (AgentConfig.Lane l : config.lanes()) {
            AgentConfig.Sensor s = l.sensor();
            if (s.type().equals("hx711")) {
                MockDigitalOutput clock = outputs.computeIfAbsent(s.clockPin(), pi::output);
                hx711.put(l.id(), new FakeHx711(clock, inputs.computeIfAbsent(s.dataPin(), pi::input), nanos)
                        .period(1_000_000_000L / config.sps()));
            } else if (s.type().equals("nau7802")) {
                FakeNau7802 chip = new FakeNau7802(pi.context, s.i2cBus(), nanos);
                nau7802.put(l.id(), chip);
                i2c.put(s.i2cBus() + "/" + Nau7802.ADDRESS, chip);
            }
        }
        AgentConfig.Proximity p = config.proximity();
        if (p != null && "vl53l0x".equals(p.type())) {
            i2c.put(p.i2cBus() + "/" + Objects.requireNonNullElse(p.i2cAddress(), Vl53l0x.DEFAULT_ADDRESS),
                    new FakeVl53l0x(pi.context, p.i2cBus()));
        }
    }

    /** Holds lane {@code lane}'s ADC at exactly {@code counts} from now on. */
    public FakeShelf load(String lane, int counts) {
        if (hx711.containsKey(lane)) {
            hx711.get(lane).hold(counts);
        } else {
            FakeNau7802 chip = nau7802.get(lane);
            chip.convert(java.util.stream.IntStream.generate(() -> counts).limit(1000).toArray());
        }
        return this;
    }

    /**
     * Holds lane {@code lane}'s ADC around {@code counts} with the few counts of noise a live
     * converter always has (a reading that never changes is a frozen sensor to the detector).
     */
    public FakeShelf loadLive(String lane, int counts) {
        if (hx711.containsKey(lane)) {
            hx711.get(lane).hold(counts).noise(3);
        } else {
            FakeNau7802 chip = nau7802.get(lane);
            chip.convert(java.util.stream.IntStream.range(0, 1000).map(i -> counts + i * 3 % 7 - 3).toArray());
        }
        return this;
    }

    /** Every HX711 board converts at {@code sps}, whatever the config says (their RATE pins). */
    public FakeShelf hx711Rate(int sps) {
        hx711.values().forEach(h -> h.period(1_000_000_000L / sps));
        return this;
    }

    /** Lane {@code lane}'s chip stops answering (HX711 unplugged, NAU7802 gone from the bus). */
    public void unplug(String lane) {
        if (hx711.containsKey(lane)) {
            hx711.get(lane).disconnect();
        } else {
            nau7802.get(lane).unplug();
        }
    }

    /** Queues ranges on the VL53L0X. */
    public void range(int... mm) {
        i2c.values().stream().filter(FakeVl53l0x.class::isInstance).map(FakeVl53l0x.class::cast)
                .forEach(t -> t.range(mm));
    }

    /** The VL53L0X stops answering. */
    public void unplugProximity() {
        i2c.values().stream().filter(FakeVl53l0x.class::isInstance).forEach(FakeI2CDevice::unplug);
    }

    /** Sets a GPIO input's level (button, IR beam). */
    public void level(int bcm, boolean high) {
        inputs.computeIfAbsent(bcm, pi::input).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    /** Whether a GPIO output is high (the LED). */
    public boolean isHigh(int bcm) {
        return outputs.containsKey(bcm) && outputs.get(bcm).isHigh();
    }

    /** Opening fails as on a machine where the pins are held by another program. */
    public void makeUnreachable() {
        unreachable = true;
    }

    /** The fake time the drivers run on (it moves as the chips convert). */
    FakeNanos nanos() {
        return nanos;
    }

    /** How commands and sources get this shelf's drivers. */
    public HardwareOpener opener() {
        return c -> ShelfHardware.open(c, pins(), nanos);
    }

    private Pins pins() {
        return new Pins() {
            @Override
            public DigitalInput input(int bcm, PullResistance pull) {
                refuseIfUnreachable("GPIO" + bcm);
                return inputs.computeIfAbsent(bcm, pi::input);
            }

            @Override
            public DigitalOutput output(int bcm) {
                refuseIfUnreachable("GPIO" + bcm);
                return outputs.computeIfAbsent(bcm, pi::output);
            }

            @Override
            public I2C i2c(int bus, int address) {
                refuseIfUnreachable("I2C bus " + bus);
                FakeI2CDevice d = i2c.get(bus + "/" + address);
                if (d == null) {
                    d = new FakeI2CDevice(pi.context, bus, address);
                    d.unplug();
                }
                return d;
            }

            @Override
            public void close() {
                // The shelf's context is shut down by FakeShelf.close(), after the test looked at the pins.
            }
        };
    }

    private void refuseIfUnreachable(String what) {
        if (unreachable) {
            throw new com.pi4j.io.exception.IOException(what + ": Device or resource busy");
        }
    }

    public AgentConfig config() {
        return config;
    }

    @Override
    public void close() {
        pi.close();
    }
}
