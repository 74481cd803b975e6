package org.ssk.agent.driver;

import com.pi4j.context.Context;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;

/**
 * An I2C device as a map of 8-bit registers behind Pi4J's {@link I2C} interface (Pi4J's mock I2C
 * with its register methods replaced), for driver tests in the spirit of pi4j-drivers'
 * {@code FakeI2CRegisterDataReaderWriter}. Subclasses follow a datasheet by overriding
 * {@link #written(int, int)} and {@link #reading(int)}. Multi-byte transfers auto-increment the
 * register address, as the NAU7802 and VL53L0X do.
 *
 * <p>Bad wiring: {@link #unplug()} makes every transfer fail the way Linux reports an address
 * nobody acknowledges ({@code Remote I/O error}).
 */
class FakeI2CDevice extends MockI2C {
    protected final int[] regs = new int[256];
    private boolean present = true;
    private int transfers;

    FakeI2CDevice(Context context, int bus, int address) {
        super(MockI2CProvider.newInstance(), I2C.newConfigBuilder(context)
                .id("fake-" + bus + "-" + address).bus(bus).device(address).build());
    }

    /** No device at this address any more: every transfer fails. */
    void unplug() {
        present = false;
    }

    /** Register transfers so far (reads and writes of one byte each). */
    int transfers() {
        return transfers;
    }

    /** The device's reaction to a write; the default stores the value. */
    protected void written(int reg, int value) {
        regs[reg] = value;
    }

    /** The device's answer to a read, possibly with side effects; the default returns the stored value. */
    protected int reading(int reg) {
        return regs[reg];
    }

    private void check() {
        transfers++;
        if (!present) {
            throw new IOException("I2C read/write failed: Remote I/O error (errno 121)");
        }
    }

    @Override
    public int writeRegister(int register, byte b) {
        check();
        written(register & 0xFF, b & 0xFF);
        return 1;
    }

    @Override
    public int writeRegister(int register, byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            writeRegister(register + i, data[offset + i]);
        }
        return length;
    }

    @Override
    public int readRegister(int register) {
        check();
        return reading(register & 0xFF);
    }

    @Override
    public int readRegister(int register, byte[] buffer, int offset, int length) {
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) readRegister(register + i);
        }
        return length;
    }
}
