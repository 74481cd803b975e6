package org.ssk.agent.driver;

/**
 * The shelf front's presence sensor, as a distance in mm: a ToF sensor measures it; a digital
 * sensor (IR break-beam, PIR) reports {@link #NEAR_MM} when triggered and {@link #FAR_MM} when not,
 * so the detector treats every kind alike.
 *
 * <p>Contract: {@link #readMm()} returns within a bounded time or throws {@link SensorException}.
 * Not thread-safe.
 */
public interface ProximitySensor extends AutoCloseable {
    /** Reported by a digital sensor that sees someone: a hand at the shelf's front. */
    double NEAR_MM = 250;
    /** Reported by a digital sensor that sees nobody, and by a ToF sensor whose range is clear. */
    double FAR_MM = 1200;

    /**
     * Distance to the nearest object in front of the shelf, mm.
     *
     * @throws SensorException when the sensor does not answer or gives no measurement in time
     */
    double readMm() throws SensorException;

    /** Which sensor and wiring, for messages. */
    String describe();

    /** Stops ranging where the sensor has a mode for it; never throws. */
    @Override
    default void close() {
    }
}
