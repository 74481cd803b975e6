package org.ssk.agent.driver;

import java.io.IOException;

/**
 * A sensor that could not be read: no device answering, a data line stuck, a conversion that never
 * came, a bus error. The message names the sensor and its wiring and says what to check, so a
 * sensor source can put it as is into a {@code Sample.ReadError} (and the detector raises a
 * {@code sensor_fault}); the agent keeps running and reads again on the next round.
 */
public class SensorException extends IOException {
    private static final long serialVersionUID = 1L;

    public SensorException(String message) {
        super(message);
    }

    public SensorException(String message, Throwable cause) {
        super(message, cause);
    }
}
