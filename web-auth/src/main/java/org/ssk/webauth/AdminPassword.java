package org.ssk.webauth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The part of {@code create-admin} both servers share: the first admin's password is typed twice
 * at the terminal, or read from the first line of standard input ({@code --password-stdin}, for
 * scripts); never an option value or a default. It is checked against {@link Passwords#check},
 * handed to the store, and wiped.
 */
public final class AdminPassword {
    /** What stores the new admin (the server's own accounts). */
    @FunctionalInterface
    public interface Creation {
        void create(char[] password) throws Exception;
    }

    private AdminPassword() {
    }

    /** Reads, checks, hands the password to {@code creation}, then wipes it. */
    public static void create(String username, boolean passwordStdin, Creation creation) throws Exception {
        char[] password = read(username, passwordStdin);
        try {
            Passwords.check(password);
            creation.create(password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] read(String username, boolean passwordStdin) throws IOException {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to type the password at; use --password-stdin");
        }
        char[] first = console.readPassword("Password for %s (at least %d characters): ", username,
                Passwords.MIN_PASSWORD);
        char[] again = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, again)) {
            throw new IllegalArgumentException("the two passwords differ");
        }
        return first;
    }
}
