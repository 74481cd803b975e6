package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;

/**
 * Where drivers' Pi4J handles come from: the real Pi ({@link PiContexts#open()}) or, in tests, a
 * mock context with fake devices. Each method may throw a Pi4J runtime exception (pin busy, no
 * permission, no such bus); {@link ShelfHardware} turns those into messages.
 */
public interface Pins extends AutoCloseable {
    DigitalInput input(int bcm, PullResistance pull);

    /** An output, low at start. */
    DigitalOutput output(int bcm);

    I2C i2c(int bus, int address);

    /** Releases every handle (Pi4J context shutdown). Never throws. */
    @Override
    void close();
}
