package org.ssk.protocol;

/**
 * A payload that could not be decoded. {@link #reason()} is a short, stable code suitable as a
 * metric label; the message says what was wrong for the log.
 */
public final class PayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a payload was rejected. */
    public enum Reason { TOO_LARGE, MALFORMED_JSON, UNKNOWN_TYPE, MISSING_FIELD, INVALID_FIELD }

    private final Reason reason;

    public PayloadException(Reason reason, String message, Throwable cause) {
        super(reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
