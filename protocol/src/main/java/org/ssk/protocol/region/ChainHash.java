package org.ssk.protocol.region;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain over a center's ledger entries, as both the hub (which assigns it) and the
 * region (which checks it) compute it: the hash of entry {@code n} is
 * {@code SHA-256(hash(n-1) + "\n" + entry)} in lower-case hex, over the UTF-8 bytes of the
 * previous hash's hex and the entry's canonical text exactly as stored; entry 1 chains on
 * {@link #GENESIS}. So an entry reported once cannot be rewritten without changing every later
 * hash. Stateless and thread-safe.
 */
public final class ChainHash {
    /** The "previous hash" of a center's first entry: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    /** The hash of {@code entry} following {@code previous} (64 lower-case hex digits each). */
    public static String next(String previous, String entry) {
        if (!isHash(previous)) {
            throw new IllegalArgumentException("previous hash: 64 lower-case hex digits expected");
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha.update(previous.getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) '\n');
        sha.update(entry.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    /** True for 64 lower-case hex digits. */
    public static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
