package org.ssk.agent.detect;

import org.ssk.protocol.Anomaly;

/**
 * What a {@link Detector} decided, before the agent stamps it with shelf, epoch and sequence to
 * make a protocol {@link org.ssk.protocol.ShelfEvent}. {@code tMs} is the sample time at which it
 * was decided; {@code qty} is 0 for lifts and anomalies; {@code kind} is set for anomalies only.
 * {@code unseen} marks a change counted although the shelf's live proximity sensor saw no hand for
 * it (a missed reach, or a failing sensor when it happens often); always false without a sensor.
 */
public record Detection(Type type, long tMs, String lane, int qty, double grams, Anomaly.Kind kind, String detail,
                        boolean unseen) {

    /** The kinds of decision, mirroring the protocol's event types. */
    public enum Type { LIFT, PICK, PUTBACK, RESTOCK, ANOMALY }

    public Detection {
        if (type == null || lane == null) {
            throw new IllegalArgumentException("type and lane are required");
        }
        if ((type == Type.ANOMALY) != (kind != null)) {
            throw new IllegalArgumentException("kind is set for anomalies and only for them");
        }
        boolean counted = type == Type.PICK || type == Type.PUTBACK || type == Type.RESTOCK;
        if (counted && qty < 1) {
            throw new IllegalArgumentException(type + " needs qty >= 1");
        }
        if (detail == null) {
            detail = "";
        }
    }

    public static Detection lift(long tMs, String lane, double grams) {
        return new Detection(Type.LIFT, tMs, lane, 0, grams, null, "", false);
    }

    public static Detection counted(Type type, long tMs, String lane, int qty, double grams) {
        return counted(type, tMs, lane, qty, grams, false);
    }

    public static Detection counted(Type type, long tMs, String lane, int qty, double grams, boolean unseen) {
        return new Detection(type, tMs, lane, qty, grams, null, "", unseen);
    }

    public static Detection anomaly(long tMs, String lane, Anomaly.Kind kind, double grams, String detail) {
        return anomaly(tMs, lane, kind, grams, detail, false);
    }

    public static Detection anomaly(long tMs, String lane, Anomaly.Kind kind, double grams, String detail,
                                    boolean unseen) {
        return new Detection(Type.ANOMALY, tMs, lane, 0, grams, kind, detail, unseen);
    }
}
