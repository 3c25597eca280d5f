package dev.flowrec.core.event;

import dev.flowrec.core.codec.Hashes;
import java.util.Arrays;

/**
 * What a dead letter keeps of the record it stands for. A record as large as the source topic
 * allows does not fit the dead-letter topic once the dead letter's own fields are added, and a dead
 * letter the sink cannot write would fail the job on the very input it exists to absorb. So the
 * payload is cut at a budget, and the whole value's size and SHA-256 travel with it, which is
 * enough to find the original record in the source topic.
 *
 * @param kept the bytes the dead letter carries: all of the value, or its first {@code maxBytes}
 * @param originalSize the whole value's size in bytes
 * @param sha256 the whole value's SHA-256
 */
public record DeadLetterPayload(byte[] kept, long originalSize, byte[] sha256) {

    /** The payload of {@code value} (null counts as empty) under a budget of {@code maxBytes}. */
    public static DeadLetterPayload of(byte[] value, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        byte[] whole = value == null ? new byte[0] : value;
        byte[] kept = whole.length <= maxBytes ? whole : Arrays.copyOf(whole, (int) maxBytes);
        return new DeadLetterPayload(kept, whole.length, Hashes.sha256(whole));
    }

    public boolean isTruncated() {
        return kept.length < originalSize;
    }

    /** The dead letter's message, saying so when the payload was cut. */
    public String describe(String message) {
        return isTruncated()
                ? message
                        + " (payload truncated to "
                        + kept.length
                        + " of "
                        + originalSize
                        + " bytes)"
                : message;
    }
}
