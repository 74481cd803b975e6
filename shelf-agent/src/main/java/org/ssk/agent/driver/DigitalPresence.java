package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalInput;

/**
 * A digital presence sensor on one GPIO as a {@link ProximitySensor}: an IR break-beam receiver
 * (open collector, pulled up; low while the beam is broken) or a PIR module (high while it sees
 * motion). Triggered reads {@link #NEAR_MM}, idle reads {@link #FAR_MM}. Such a sensor cannot tell
 * a dead module from an empty aisle; only a failing GPIO read is reported.
 */
public final class DigitalPresence implements ProximitySensor {
    private final DigitalInput in;
    private final boolean activeLow;
    private final String what;

    /** An IR break-beam receiver: low = beam broken. */
    public static DigitalPresence irBeam(DigitalInput in) {
        return new DigitalPresence(in, true, "IR break-beam");
    }

    /** A PIR motion module: high = motion. */
    public static DigitalPresence pir(DigitalInput in) {
        return new DigitalPresence(in, false, "PIR");
    }

    private DigitalPresence(DigitalInput in, boolean activeLow, String what) {
        this.in = in;
        this.activeLow = activeLow;
        this.what = what;
    }

    @Override
    public double readMm() throws SensorException {
        boolean high;
        try {
            high = in.isHigh();
        } catch (RuntimeException e) {
            throw new SensorException(describe() + ": cannot read the pin (" + e.getMessage() + ")", e);
        }
        return high != activeLow ? NEAR_MM : FAR_MM;
    }

    @Override
    public String describe() {
        return what + " on GPIO" + in.config().address();
    }
}
