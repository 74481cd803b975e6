package org.ssk.agent.driver;

import com.pi4j.io.i2c.I2C;
import java.util.function.Supplier;

/**
 * Register access to one I2C device, shared by the I2C drivers: every Pi4J failure (an exception,
 * or a negative return code) becomes a {@link SensorException} that names the device and tells a
 * technician what to check, so no driver repeats that translation. Not thread-safe, like the
 * drivers that own it.
 */
final class I2cRegisters {
    private final I2C i2c;
    private final Supplier<String> device;
    private final String supply;

    /**
     * @param device names the device in messages (the driver's {@code describe()})
     * @param supply the board's supply pin label for the wiring hint, e.g. {@code "3V3"} or {@code "VIN"}
     */
    I2cRegisters(I2C i2c, Supplier<String> device, String supply) {
        this.i2c = i2c;
        this.device = device;
        this.supply = supply;
    }

    int bus() {
        return i2c.bus();
    }

    int address() {
        return i2c.device();
    }

    int read(int reg) throws SensorException {
        int v;
        try {
            v = i2c.readRegister(reg);
        } catch (RuntimeException e) {
            throw noAnswer(e);
        }
        if (v < 0) {
            throw failed("reading", reg, v);
        }
        return v;
    }

    void write(int reg, int value) throws SensorException {
        int r;
        try {
            r = i2c.writeRegister(reg, (byte) value);
        } catch (RuntimeException e) {
            throw noAnswer(e);
        }
        if (r < 0) {
            throw failed("writing", reg, r);
        }
    }

    /** Reads {@code buffer.length} bytes starting at {@code reg}; returns how many arrived. */
    int read(int reg, byte[] buffer) throws SensorException {
        try {
            return i2c.readRegister(reg, buffer, 0, buffer.length);
        } catch (RuntimeException e) {
            throw noAnswer(e);
        }
    }

    private SensorException failed(String what, int reg, int code) {
        return new SensorException(device.get() + ": " + what + " register 0x" + Integer.toHexString(reg)
                + " failed (error " + code + "); " + wiring());
    }

    private SensorException noAnswer(RuntimeException e) {
        return new SensorException(device.get() + ": no answer on the bus (" + e.getMessage() + "); " + wiring(), e);
    }

    private String wiring() {
        return "check SDA, SCL, " + supply + " and GND to the board and that `i2cdetect -y " + i2c.bus()
                + "` shows " + Integer.toHexString(i2c.device());
    }
}
