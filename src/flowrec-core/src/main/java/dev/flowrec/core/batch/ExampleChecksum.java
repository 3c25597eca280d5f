package dev.flowrec.core.batch;

import dev.flowrec.core.codec.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An order-independent checksum of the examples a model was trained on: the sum, wrapping at 2^64,
 * of a 64-bit hash of each example's impression id. Kept with the model and published with every
 * snapshot, so anyone who knows the input can check that each example was trained exactly once: a
 * lost example and a repeated one each change the sum, and so does one swapped for another, which
 * the count alone would not show.
 */
public final class ExampleChecksum {
    private ExampleChecksum() {}

    /** The first 8 bytes of the SHA-256 of the id's UTF-8 bytes. */
    public static long of(String impressionId) {
        return ByteBuffer.wrap(Hashes.sha256(impressionId.getBytes(StandardCharsets.UTF_8)))
                .getLong();
    }

    /** As published in snapshot provenance: 16 hex digits. */
    public static String format(long checksum) {
        return String.format("%016x", checksum);
    }
}
