package org.ssk.agent.driver;

/**
 * The Pi's GPIO or I2C cannot be opened at all: not a Raspberry Pi, Pi4J's plugins cannot load,
 * a pin is held by another program, or the user lacks the {@code gpio}/{@code i2c} groups. Unlike a
 * {@link SensorException} (one sensor misbehaving, the agent goes on), nothing can be read.
 */
public final class HardwareUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public HardwareUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
