package org.ssk.webauth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;

/**
 * The credential rules every account store shares (the hub's accounts, the region's console
 * accounts): passwords of {@link #MIN_PASSWORD}..72 bytes kept only as bcrypt hashes,
 * a sign-in check that costs one bcrypt verification whether the name exists or not, tokens of
 * 256 random bits stored only as SHA-256, and the CSRF token derived from a session token.
 * Thread-safe.
 */
public final class Passwords {
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD = 10;
    private static final String READABLE = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 16;

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    private final LongAdder checks = new LongAdder();
    private volatile String dummyHash;

    /** {@code cost}: bcrypt log2 rounds (12 in production; tests may use 4). */
    public Passwords(int cost) {
        this.cost = cost;
    }

    /** Throws, in words, when {@code password} is too short or longer than bcrypt reads. */
    public static void check(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD + " characters");
        }
        if (StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).remaining() > 72) {
            throw new IllegalArgumentException("password must be at most 72 bytes (bcrypt ignores the rest)");
        }
    }

    /** The bcrypt hash to store for {@code password} (checked first). */
    public String hash(char[] password) {
        check(password);
        return BCrypt.withDefaults().hashToString(cost, password);
    }

    /**
     * Whether {@code password} matches {@code hash}; {@code hash} null (an unknown or disabled
     * name) costs one bcrypt verification as a known one does, so the answer's time does not tell
     * which names exist.
     */
    public boolean verify(char[] password, String hash) {
        boolean ok = BCrypt.verifyer().verify(password == null ? new char[0] : password,
                hash != null ? hash : dummyHash()).verified;
        checks.increment();
        return hash != null && password != null && ok;
    }

    /** How many bcrypt verifications {@link #verify} ran: one per call, known name or not. */
    public long checks() {
        return checks.sum();
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            h = BCrypt.withDefaults().hashToString(cost, HexFormat.of().formatHex(b).toCharArray());
            dummyHash = h;
        }
        return h;
    }

    /** A new token: 256 random bits, URL-safe base64; store only {@link #sha256} of it. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A new password for an admin's reset, to be shown once: 16 letters and digits (about 95
     * random bits; no look-alikes 0/O, 1/l/I), easy to read out and type, within {@link #check}.
     */
    public String generate() {
        StringBuilder b = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            b.append(READABLE.charAt(random.nextInt(READABLE.length())));
        }
        return b.toString();
    }

    /** Lower-case hex SHA-256 of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The CSRF token that goes with a session token: a browser signed in by cookie must echo it in
     * {@code X-CSRF-Token} on every write. Derived (not stored), so it lives and dies with the session;
     * a page on another site can neither read the cookie nor compute this.
     */
    public static String csrfOf(String sessionToken) {
        return sha256("csrf|" + sessionToken).substring(0, 43);
    }

    /** Whether {@code sent} is the CSRF token of {@code sessionToken}, compared in constant time. */
    public static boolean csrfMatches(String sent, String sessionToken) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                csrfOf(sessionToken).getBytes(StandardCharsets.UTF_8));
    }
}
