package org.ssk.agent.driver;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The one place that builds a Pi4J {@link Context} (commands call it; drivers never do). Pi4J finds
 * its plugins on the class path: {@code gpiod} for GPIO (Pi 4 and Pi 5) and {@code linuxfs} for I2C.
 *
 * <p>On a machine that is not a Pi, {@link #open()} fails with a {@link HardwareUnavailableException}
 * saying so in one sentence, instead of the plugins' stack traces.
 */
public final class PiContexts {
    private PiContexts() {
    }

    /** Opens the Pi's GPIO and I2C through Pi4J's auto-detected plugins. */
    public static Pins open() throws HardwareUnavailableException {
        if (!Files.exists(Path.of("/dev/gpiochip0"))) {
            throw new HardwareUnavailableException("this machine has no GPIO (/dev/gpiochip0 is missing): run"
                    + " `shelf-agent` on the shelf's Raspberry Pi, or use `shelf-agent simulate` elsewhere", null);
        }
        Context context;
        try {
            context = Pi4J.newAutoContext();
        } catch (RuntimeException | LinkageError e) {
            throw new HardwareUnavailableException("cannot start Pi4J on this machine (" + e.getMessage()
                    + "): is this a Raspberry Pi with Raspberry Pi OS 64-bit?", e);
        }
        return new ContextPins(context);
    }

    /** Pins backed by a Pi4J context: the real one, or a mock-plugin context in tests. */
    public static Pins of(Context context) {
        return new ContextPins(context);
    }

    private record ContextPins(Context context) implements Pins {
        @Override
        public DigitalInput input(int bcm, PullResistance pull) {
            return context.create(DigitalInput.newConfigBuilder(context)
                    .id("gpio" + bcm).address(bcm).pull(pull).build());
        }

        @Override
        public DigitalOutput output(int bcm) {
            return context.create(DigitalOutput.newConfigBuilder(context)
                    .id("gpio" + bcm).address(bcm).initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
        }

        @Override
        public I2C i2c(int bus, int address) {
            return context.create(I2C.newConfigBuilder(context)
                    .id("i2c-" + bus + "-" + Integer.toHexString(address)).bus(bus).device(address).build());
        }

        @Override
        public void close() {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(PiContexts.class).warn("Pi4J shutdown failed: {}", e.getMessage(), e);
            }
        }
    }
}
