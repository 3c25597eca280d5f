package dev.flowrec.core.batch;

/**
 * An order-independent checksum of the examples a model was trained on: the sum, wrapping at 2^64,
 * of a 64-bit hash of each example's impression id. Kept with the model and published with every
 * snapshot, so anyone who knows the input can check that each example was trained exactly once: a
 * lost example and a repeated one each change the sum, and so does one swapped for another, which
 * the count alone would not show.
 */
public final class ExampleChecksum {
    private ExampleChecksum() {}

    /**
     * A 64-bit hash of the id: FNV-1a over its UTF-16 chars, then MurmurHash3's finaliser to spread
     * the bits. It runs for every trained example, so it allocates nothing (a SHA-256 here cost a
     * digest instance and three arrays per example); it guards against accidents, not attackers.
     */
    public static long of(String impressionId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < impressionId.length(); i++) {
            h ^= impressionId.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** As published in snapshot provenance: 16 hex digits. */
    public static String format(long checksum) {
        return String.format("%016x", checksum);
    }
}
