package org.ssk.webauth;

/**
 * The account rules both consoles share besides {@link Passwords}: what a user name may be, and
 * that a change never leaves the console without an enabled admin (who else could undo it?).
 * Pure; thread-safe.
 */
public final class AccountRules {
    private AccountRules() {
    }

    /** A change that would leave no enabled admin; a server answers it as a conflict (409) or a 400. */
    public static final class LastAdmin extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public LastAdmin(String message) {
            super(message);
        }
    }

    /** Throws, in words, unless {@code username} is 2-32 of A-Z a-z 0-9 _ . - */
    public static void checkUsername(String username) {
        if (username == null || !username.matches("[A-Za-z0-9_.-]{2,32}")) {
            throw new IllegalArgumentException("user name must be 2-32 of A-Z a-z 0-9 _ . -, was: "
                    + (username == null ? null : SignInRoutes.abbreviate(username)));
        }
    }

    /**
     * Throws {@link LastAdmin} when the account changed stays no enabled admin ({@code staysAdmin}
     * false: demoted, disabled or deleted) and no other enabled admin exists.
     */
    public static void keepAnAdmin(boolean staysAdmin, long otherEnabledAdmins, String message) {
        if (!staysAdmin && otherEnabledAdmins == 0) {
            throw new LastAdmin(message);
        }
    }
}
