package dev.flowrec.core.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary encoding read from one byte array, never allocating for more than the array holds.
 * Avro's own decoder allocates a string, a byte buffer or a collection as large as the length the
 * bytes declare before it reads them, so a 15-byte record that declares a 2 GB string is an {@link
 * OutOfMemoryError}. Here every declared length must fit in the bytes that remain, and so must
 * every declared item count: each item of a FlowRec collection (a string, a number, a map entry)
 * takes at least one byte, so a count above the remaining bytes cannot be honest. Violations are
 * {@link IOException}s naming what was declared and what remained.
 */
public final class BoundedDecoder extends Decoder {
    private final byte[] bytes;
    private final int end;
    private int position;

    /** Reads {@code bytes} from {@code offset} to its end. */
    public BoundedDecoder(byte[] bytes, int offset) {
        this(bytes, offset, bytes.length);
    }

    /** Reads {@code bytes} from {@code offset} up to, not including, {@code end}. */
    public BoundedDecoder(byte[] bytes, int offset, int end) {
        if (offset < 0 || end < offset || end > bytes.length) {
            throw new IllegalArgumentException(
                    "offset "
                            + offset
                            + " and end "
                            + end
                            + " do not lie within "
                            + bytes.length
                            + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.end = end;
    }

    @Override
    public int remainingBytes() {
        return end - position;
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        require(1, "a boolean");
        return bytes[position++] != 0;
    }

    @Override
    public int readInt() throws IOException {
        long value = readLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IOException("an int field holds " + value + ", outside the int range");
        }
        return (int) value;
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1, "a variable-length integer");
            int b = bytes[position++] & 0xFF;
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new IOException("a variable-length integer runs past 10 bytes");
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "a float");
        float value = ByteBuffer.wrap(bytes, position, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        position += 4;
        return value;
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "a double");
        double value =
                ByteBuffer.wrap(bytes, position, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
        position += 8;
        return value;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("a string");
        Utf8 out = old == null ? new Utf8() : old;
        out.setByteLength(length);
        System.arraycopy(bytes, position, out.getBytes(), 0, length);
        position += length;
        return out;
    }

    @Override
    public String readString() throws IOException {
        int length = length("a string");
        String out = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return out;
    }

    @Override
    public void skipString() throws IOException {
        // Not "position += length(...)": that adds to the position read before the length was.
        int length = length("a string");
        position += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("a bytes field");
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put(bytes, position, length).flip();
        position += length;
        return out;
    }

    @Override
    public void skipBytes() throws IOException {
        // Not "position += length(...)": that adds to the position read before the length was.
        int length = length("a bytes field");
        position += length;
    }

    @Override
    public void readFixed(byte[] target, int start, int length) throws IOException {
        require(length, "a fixed field");
        System.arraycopy(bytes, position, target, start, length);
        position += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "a fixed field");
        position += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount("an array");
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount("an array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks("an array");
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount("a map");
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount("a map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks("a map");
    }

    /** A block's item count; a negative count is followed by the block's size in bytes. */
    private long blockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            count = -count;
            readLong();
        }
        return checkedCount(count, what);
    }

    /** Skips blocks that state their size; returns the count of the first block that does not. */
    private long skipBlocks(String what) throws IOException {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                return checkedCount(count, what);
            }
            long size = readLong();
            if (size < 0 || size > remainingBytes()) {
                throw new IOException(
                        what
                                + " block declares "
                                + size
                                + " bytes but "
                                + remainingBytes()
                                + " remain");
            }
            position += (int) size;
        }
    }

    private long checkedCount(long count, String what) throws IOException {
        if (count < 0 || count > remainingBytes()) {
            throw new IOException(
                    what
                            + " block declares "
                            + count
                            + " items but only "
                            + remainingBytes()
                            + " bytes remain");
        }
        return count;
    }

    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0 || length > remainingBytes()) {
            throw new IOException(
                    what + " declares " + length + " bytes but " + remainingBytes() + " remain");
        }
        return (int) length;
    }

    private void require(int count, String what) throws IOException {
        if (count > remainingBytes()) {
            throw new IOException(
                    "the record ends inside "
                            + what
                            + " ("
                            + count
                            + " bytes needed, "
                            + remainingBytes()
                            + " remain)");
        }
    }
}
