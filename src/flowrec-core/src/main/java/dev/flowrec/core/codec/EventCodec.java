package dev.flowrec.core.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
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

    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private EventCodec(Class<T> type) {
        this.type = type;
        Schema schema = SpecificData.get().getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), schema);
        this.decoder = new BinaryMessageDecoder<>(SpecificData.get(), schema, STORE);
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
     * Decodes one record.
     *
     * @throws IOException when the bytes are not a single-object-encoded record of a known schema
     *     version of this type (the message says which: bad marker, unknown fingerprint, truncated
     *     body)
     */
    public T decode(byte[] bytes) throws IOException {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // Avro reports unknown fingerprints and bad headers as runtime exceptions.
            throw new IOException(
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
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
