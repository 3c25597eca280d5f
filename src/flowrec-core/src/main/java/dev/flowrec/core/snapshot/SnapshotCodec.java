package dev.flowrec.core.snapshot;

import dev.flowrec.core.codec.EventCodec;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Bytes of the snapshot topic: record values are {@link SnapshotRecord}s in Avro single-object
 * encoding (decoded through the shared schema store of every shipped schema version, see {@link
 * EventCodec}); record keys are the model id in UTF-8.
 *
 * <pre>{@code
 * byte[] value = SnapshotCodec.encode(record);
 * SnapshotRecord back = SnapshotCodec.decode(value);
 * }</pre>
 *
 * <p>Also defines the bytes a manifest signature covers ({@link #canonicalManifestBytes}).
 * Thread-safe.
 */
public final class SnapshotCodec {

    private static final EventCodec<SnapshotRecord> CODEC = EventCodec.of(SnapshotRecord.class);

    private SnapshotCodec() {}

    /** The record value: single-object encoding of the current {@link SnapshotRecord} schema. */
    public static byte[] encode(SnapshotRecord record) {
        return CODEC.encode(record);
    }

    /**
     * Decodes a record value.
     *
     * @throws IOException when the bytes are not a single-object-encoded {@link SnapshotRecord} of
     *     a known schema version; the message says what was wrong
     */
    public static SnapshotRecord decode(byte[] value) throws IOException {
        return CODEC.decode(value);
    }

    /** The record key: the model id in UTF-8. */
    public static byte[] key(String modelId) {
        return modelId.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bytes a manifest signature covers: the manifest in plain Avro binary (no single-object
     * header, so the signature does not depend on which compatible schema version a reader decoded
     * it with) with {@code signature} set to null and both maps sorted by key. Sorting matters:
     * Avro writes map entries in iteration order, and a decoded map is a {@code HashMap} whose
     * order need not match the writer's.
     *
     * <p>Trap: the bytes depend on the manifest schema. When a field is added to {@code
     * SnapshotManifest}, bump {@link SnapshotFormat#CURRENT_VERSION} and encode older format
     * versions with the schema they were signed with, or every older signature stops verifying.
     */
    public static byte[] canonicalManifestBytes(SnapshotManifest manifest) {
        SnapshotManifest canonical =
                SnapshotManifest.newBuilder(manifest)
                        .setSignature(null)
                        .setPredictionTransforms(sorted(manifest.getPredictionTransforms()))
                        .setProvenance(sorted(manifest.getProvenance()))
                        .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<>(SnapshotManifest.class).write(canonical, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "encoding the canonical bytes of manifest "
                            + manifest.getModelId()
                            + " v"
                            + manifest.getVersion()
                            + " failed",
                    e);
        }
        return out.toByteArray();
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? new TreeMap<>() : new TreeMap<>(map);
    }
}
