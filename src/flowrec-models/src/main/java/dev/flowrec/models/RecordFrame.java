package dev.flowrec.models;

import dev.flowrec.core.codec.BoundedDecoder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * One of FlowRec's binary formats: int magic number, int format version (big-endian), the Avro
 * binary encoding of one record, then an int CRC-32 of everything before it. The magic number says
 * what the bytes are, the version which schema the body has, and the CRC catches corruption before
 * Avro reads a damaged length. A CRC is no defence against crafted bytes (an unsigned snapshot's
 * artifact), so the body is read with {@link BoundedDecoder}: no length it declares is allocated
 * beyond the bytes there are. A reader reads exactly {@code version}: a format change that old
 * bytes cannot survive bumps the version, and a reader for an older version is kept only once a
 * release has shipped that writes it (none has yet).
 *
 * @param <T> the Avro record of the body
 */
public final class RecordFrame<T extends SpecificRecord> {
    private static final int PREAMBLE = 8;
    private static final int TRAILER = 4;

    private final String what;
    private final int magic;
    private final int version;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;

    /**
     * @param what the format's name in messages, e.g. "model artifact"
     * @param magic the first four bytes
     * @param version the version this build writes and reads
     * @param schema the body's schema ({@code Record.getClassSchema()})
     */
    public RecordFrame(String what, int magic, int version, Schema schema) {
        this.what = what;
        this.magic = magic;
        this.version = version;
        this.writer = new SpecificDatumWriter<>(schema);
        this.reader = new SpecificDatumReader<>(schema);
    }

    public byte[] encode(T body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        CRC32 crc = new CRC32();
        try (DataOutputStream out = new DataOutputStream(new CheckedOutputStream(bytes, crc))) {
            out.writeInt(magic);
            out.writeInt(version);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(body, encoder);
            encoder.flush();
            // Straight to the buffer: the CRC covers everything before it, not itself.
            new DataOutputStream(bytes).writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("writing a " + what + " to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not this format at this version, are
     *     truncated or corrupt; the message says which
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length < PREAMBLE + TRAILER) {
            throw new IllegalArgumentException(
                    "not a FlowRec "
                            + what
                            + ": "
                            + (bytes == null ? "null" : bytes.length + " bytes")
                            + " is too short for the preamble and CRC");
        }
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        int foundMagic = frame.getInt();
        if (foundMagic != magic) {
            throw new IllegalArgumentException(
                    String.format(
                            "not a FlowRec %s: magic 0x%08X, expected 0x%08X",
                            what, foundMagic, magic));
        }
        int foundVersion = frame.getInt();
        if (foundVersion != version) {
            throw new IllegalArgumentException(
                    what
                            + " format version "
                            + foundVersion
                            + " is not supported; this reader supports version "
                            + version);
        }
        int bodyEnd = bytes.length - TRAILER;
        int stored = ByteBuffer.wrap(bytes, bodyEnd, TRAILER).getInt();
        int actual = crc(bytes, bodyEnd);
        if (stored != actual) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s is corrupt or truncated: CRC-32 0x%08X, stored 0x%08X",
                            what, actual, stored));
        }
        BoundedDecoder decoder = new BoundedDecoder(bytes, PREAMBLE, bodyEnd);
        try {
            T body = reader.read(null, decoder);
            if (decoder.remainingBytes() != 0) {
                throw new IllegalArgumentException(what + " has unexpected bytes after its body");
            }
            return body;
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException(what + " body is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * A record's Avro body alone, for a block nested in a framed format (a model's state inside its
     * artifact), which the outer frame's version and CRC cover.
     */
    public static <R extends SpecificRecord> byte[] encodeBlock(R record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            new SpecificDatumWriter<R>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "writing a " + record.getSchema().getName() + " to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #encodeBlock} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not one whole record of that schema
     */
    public static <R extends SpecificRecord> R decodeBlock(byte[] bytes, Schema schema) {
        BoundedDecoder decoder = new BoundedDecoder(bytes, 0);
        try {
            R record = new SpecificDatumReader<R>(schema).read(null, decoder);
            if (decoder.remainingBytes() != 0) {
                throw new IllegalArgumentException(
                        schema.getName() + " block has unexpected trailing bytes");
            }
            return record;
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException(
                    schema.getName()
                            + " block is unreadable ("
                            + bytes.length
                            + " bytes): "
                            + e.getMessage(),
                    e);
        }
    }

    private static int crc(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }
}
