package org.ssk.agent.detect;

/**
 * One reading fed to a {@link Detector}, in time order. Times are the shelf clock in ms (trace time
 * in replay). Weights are calibrated grams (tare and scale already applied); distances are mm.
 */
public sealed interface Sample {
    long tMs();

    /** A calibrated weight reading of one lane. */
    record Weight(long tMs, String lane, double grams) implements Sample {
    }

    /** A proximity reading of the shelf's front: small means a hand or a body is near. */
    record Proximity(long tMs, double mm) implements Sample {
    }

    /** Staff started ({@code restock = true}) or finished restocking the shelf. */
    record Mode(long tMs, boolean restock) implements Sample {
    }

    /** The lane's sensor could not be read at all (no device, timeout, stuck data line). */
    record ReadError(long tMs, String lane, String reason) implements Sample {
    }
}
