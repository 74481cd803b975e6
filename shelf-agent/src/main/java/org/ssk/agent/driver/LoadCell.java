package org.ssk.agent.driver;

/**
 * One lane's weight front end (HX711 channel, NAU7802, ...), giving raw signed ADC counts; the
 * lane's {@code AgentConfig.Calibration} turns counts into grams. Implementations wait for the
 * chip's data-ready, so the caller's loop is paced by the ADC's rate.
 *
 * <p>Contract: {@link #read()} returns within a bounded time (a few conversion periods) or throws
 * {@link SensorException}; it never hangs on a dead or missing chip. Not thread-safe: one thread
 * reads a load cell (the agent's sampling loop, or a command).
 */
public interface LoadCell extends AutoCloseable {

    /**
     * The next conversion, in signed 24-bit counts (-8,388,608 to 8,388,607), waiting for it if it
     * is not ready yet.
     *
     * @throws SensorException when the chip does not answer, is stuck, or gives no conversion in time
     */
    int read() throws SensorException;

    /** Which chip and wiring, for messages: {@code "HX711 on DOUT GPIO6 / PD_SCK GPIO5"}. */
    String describe();

    /** Puts the chip into power-down where it has one; never throws. */
    @Override
    default void close() {
    }
}
