package dev.flowrec.core.feature;

import java.nio.charset.StandardCharsets;

/**
 * 32-bit MurmurHash3 (x86_32) of UTF-8 text, for the hashing trick. The trainer and every serving
 * fleet must map a value to the same bucket forever, so this function is part of the snapshot
 * format; murmur spreads similar ids (user1, user2, ...) far better than {@link String#hashCode}.
 */
public final class FeatureHashing {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private FeatureHashing() {}

    @SuppressWarnings("fallthrough") // the tail bytes of MurmurHash3 fall through by design
    public static int murmur3(String text, int seed) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k =
                    (data[4 * i] & 0xff)
                            | (data[4 * i + 1] & 0xff) << 8
                            | (data[4 * i + 2] & 0xff) << 16
                            | (data[4 * i + 3] & 0xff) << 24;
            k *= C1;
            k = Integer.rotateLeft(k, 15);
            k *= C2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= data[tail] & 0xff;
                k *= C1;
                k = Integer.rotateLeft(k, 15);
                k *= C2;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** Bucket in [1, buckets): bucket 0 is reserved for a missing value. */
    public static int bucket(String field, String value, int buckets) {
        int h = murmur3(value, murmur3(field, 0x5eed));
        return 1 + Math.floorMod(h, buckets - 1);
    }

    /**
     * Log-scale bucket label of a numeric value: values within about 25% of each other share a
     * bucket, so heavy-tailed counts and prices embed sensibly without per-field boundaries.
     */
    public static String numericBucket(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        long b = Math.round(Math.log1p(Math.abs(value)) * 4.0);
        return (value < 0 ? "-" : "") + b;
    }
}
