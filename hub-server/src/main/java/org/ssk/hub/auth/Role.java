package org.ssk.hub.auth;

/**
 * What an account may do: {@code ADMIN} everything including accounts; {@code OPERATOR} catalog,
 * planogram, reports and corrections; {@code STAFF} restocks and stock-takes; {@code KIOSK} a
 * read-only token for kiosk displays (never a password account).
 */
public enum Role {
    ADMIN, OPERATOR, STAFF, KIOSK;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean readOnly() {
        return this == KIOSK;
    }

    public static Role parse(String s) {
        try {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role must be admin, operator or staff, was: " + s);
        }
    }
}
