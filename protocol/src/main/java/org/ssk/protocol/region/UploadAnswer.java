package org.ssk.protocol.region;

/**
 * The region's answer to an upload, sent only after its transaction committed:
 * {@code storedThrough} is the highest sequence number up to which the region holds every entry of
 * the center (0: none), {@code headHash} that entry's hash ({@link ChainHash#GENESIS} for none).
 * The hub resumes after {@code storedThrough}.
 */
public record UploadAnswer(String center, long storedThrough, String headHash) {
    public UploadAnswer {
        if (!CenterId.valid(center)) {
            throw new IllegalArgumentException("center: " + CenterId.RULE);
        }
        if (storedThrough < 0) {
            throw new IllegalArgumentException("stored_through must not be negative");
        }
        if (!ChainHash.isHash(headHash)) {
            throw new IllegalArgumentException("head_hash: 64 lower-case hex digits");
        }
    }
}
