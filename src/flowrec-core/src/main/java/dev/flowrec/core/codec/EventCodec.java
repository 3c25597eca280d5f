package dev.flowrec.core.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (marker {@code C3 01}, 8-byte schema fingerprint, body) for one
 * record type, with a schema store holding every version of every schema FlowRec has shipped, so
 * producers and consumers evolve independently without a registry: a record written with an older
 * schema decodes into the current class with defaults for the new fields.
 *
 * <pre>{@code
 * EventCodec<Impression> codec = EventCodec.of(Impression.class);
 * byte[] bytes = codec.encode(impression);
 * Impression back = codec.decode(bytes);
 * }</pre>
 *
 * <p>Thread-safe (Avro's message encoder and decoder keep per-thread buffers).
 */
public final class EventCodec<T extends SpecificRecord> {
    private static final String HISTORY = "flowrec-schemas/history/";
    private static final SchemaStore.Cache STORE = loadHistory();

    static final int HEADER_BYTES = 10;

    private final Class<T> type;
    private final Schema schema;
    private final long fingerprint;
    private final BinaryMessageEncoder<T> encoder;

    /** Reads records written with this build's schema, the common case. */
    private final DatumReader<T> current;

    /**
     * Readers of older writer schemas, made as they are met. Shared between threads, as Avro's own
     * message decoder shares them.
     */
    private final Map<Long, DatumReader<T>> older = new ConcurrentHashMap<>();

    private EventCodec(Class<T> type) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.current = new SpecificDatumReader<>(schema, schema);
    }

    public static <T extends SpecificRecord> EventCodec<T> of(Class<T> type) {
        return new EventCodec<>(type);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding a " + type.getSimpleName() + " failed", e);
        }
    }

    /**
     * Decodes one record from untrusted bytes. Nothing is allocated beyond what the bytes hold
     * ({@link BoundedDecoder}), and every way the bytes can be wrong ends here as an {@link
     * IOException} whose message says which: too short, bad marker, unknown fingerprint, a length
     * or count larger than the record, a truncated body.
     *
     * @throws IOException when the bytes are not a single-object-encoded record of a known schema
     *     version of this type
     */
    public T decode(byte[] bytes) throws IOException {
        try {
            return read(bytes);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // Avro reports some bad data as runtime exceptions. The errors cannot come from a
            // length (those are bounded) but a record must never take its consumer down with it.
            throw new IOException(
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private T read(byte[] bytes) throws IOException {
        long writerFingerprint = writerFingerprint(bytes);
        DatumReader<T> reader =
                writerFingerprint == fingerprint ? current : older(writerFingerprint);
        return reader.read(null, new BoundedDecoder(bytes, HEADER_BYTES));
    }

    /** The schema fingerprint in a single-object header, after checking its size and marker. */
    static long writerFingerprint(byte[] bytes) throws IOException {
        if (bytes.length < HEADER_BYTES) {
            throw new IOException(
                    "only "
                            + bytes.length
                            + " bytes: a single-object-encoded record has a "
                            + HEADER_BYTES
                            + "-byte header");
        }
        if (bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            throw new IOException(
                    String.format(
                            "bad single-object marker %02X %02X (expected C3 01)",
                            bytes[0] & 0xFF, bytes[1] & 0xFF));
        }
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A shipped older schema with this fingerprint, or null. */
    static Schema shipped(long fingerprint) {
        return STORE.findByFingerprint(fingerprint);
    }

    private DatumReader<T> older(long writerFingerprint) throws IOException {
        DatumReader<T> reader = older.get(writerFingerprint);
        if (reader != null) {
            return reader;
        }
        Schema writer = shipped(writerFingerprint);
        if (writer == null) {
            throw new IOException(
                    String.format(
                            "unknown schema fingerprint %016x: no version of %s this build knows",
                            writerFingerprint, type.getSimpleName()));
        }
        return older.computeIfAbsent(
                writerFingerprint, f -> new SpecificDatumReader<>(writer, schema));
    }

    public Class<T> type() {
        return type;
    }

    /**
     * Every shipped older schema, from the resources listed in {@code
     * flowrec-schemas/history/INDEX}.
     */
    public static List<Schema> historicSchemas() {
        List<Schema> out = new ArrayList<>();
        ClassLoader loader = EventCodec.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(HISTORY + "INDEX")) {
            if (index == null) {
                throw new IllegalStateException(
                        "Schema history index " + HISTORY + "INDEX is not on the classpath");
            }
            for (String name :
                    new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                if (name.isBlank()) {
                    continue;
                }
                try (InputStream in = loader.getResourceAsStream(HISTORY + name)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "Schema history lists " + name + " but it is not on the classpath");
                    }
                    out.add(new Schema.Parser().parse(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the schema history failed", e);
        }
        return out;
    }

    private static SchemaStore.Cache loadHistory() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        historicSchemas().forEach(store::addSchema);
        return store;
    }
}
