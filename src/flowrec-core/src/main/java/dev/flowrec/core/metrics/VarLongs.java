package dev.flowrec.core.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Unsigned LEB128 encoding of non-negative longs: seven bits per byte, high bit set on every byte
 * but the last. Histogram counts are mostly small, so they take one or two bytes instead of eight.
 */
final class VarLongs {
    /** A long needs at most ten 7-bit groups. */
    private static final int MAX_BYTES = 10;

    private VarLongs() {}

    static void write(DataOutput out, long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException(
                    String.format("only non-negative values are encoded, got %d", value));
        }
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    static long read(DataInput in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new IllegalArgumentException(
                            "corrupt variable-length count: negative value");
                }
                return value;
            }
        }
        throw new IllegalArgumentException(
                String.format("corrupt variable-length count: longer than %d bytes", MAX_BYTES));
    }
}
