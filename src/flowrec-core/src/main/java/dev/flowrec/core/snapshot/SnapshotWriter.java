package dev.flowrec.core.snapshot;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.core.config.FlowRecConfig;
import dev.flowrec.core.config.SnapshotOptions;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one model artifact into the records of one snapshot version: the manifest first, then every
 * chunk in index order. Manifest first lets a subscriber authenticate a version before it buffers
 * any of its bytes, so chunks of forged versions can be held to a small budget without ever pushing
 * out a genuine one (see {@link SnapshotAssembler}).
 *
 * <pre>{@code
 * SnapshotWriter writer = SnapshotWriter.signed(900 * 1024, SigningKeyLocation.of(config)
 *         .orElseThrow().load());
 * List<SnapshotRecord> records = writer.write(
 *         SnapshotManifest.newBuilder()
 *                 .setModelId("ctr").setModelType("shared-bottom")
 *                 .setLineageId(lineage).setLineageStartedAt(lineageStart)
 *                 .setVersion(7).setParentLineageId(lineage).setParentVersion(6)
 *                 .setCreatedAt(now)
 *                 .setFormat(SnapshotFormat.DL4J_ZIP)
 *                 .setFeatureSpecHash(spec.hash())
 *                 .setScenarios(scenarios).setTasks(tasks)
 *                 .setWatermark(watermark).setExamplesTrained(examples),
 *         model.toBytes(false));
 * for (SnapshotRecord r : records) {
 *     send(SnapshotCodec.key("ctr"), SnapshotCodec.encode(r));
 * }
 * }</pre>
 *
 * <p>The template holds the descriptive fields; the writer fills in {@code format_version}, {@code
 * total_size}, {@code chunk_count}, {@code chunk_sha256}, {@code artifact_sha256}, {@code
 * signing_key_id} and {@code signature} (Ed25519 over {@link SnapshotCodec#canonicalManifestBytes},
 * both null when unsigned). Stateless and thread-safe.
 */
public final class SnapshotWriter {

    private final int maxChunkBytes;
    private final SnapshotSigner signer;

    private SnapshotWriter(int maxChunkBytes, SnapshotSigner signer) {
        if (maxChunkBytes < 1) {
            throw new IllegalArgumentException(
                    "maxChunkBytes must be at least 1, got " + maxChunkBytes);
        }
        this.maxChunkBytes = maxChunkBytes;
        this.signer = signer;
    }

    /** A writer whose manifests carry no signature. */
    public static SnapshotWriter unsigned(int maxChunkBytes) {
        return new SnapshotWriter(maxChunkBytes, null);
    }

    /** A writer that signs every manifest. */
    public static SnapshotWriter signed(int maxChunkBytes, SnapshotSigner signer) {
        if (signer == null) {
            throw new IllegalArgumentException(
                    "signer must not be null; use unsigned(...) instead");
        }
        return new SnapshotWriter(maxChunkBytes, signer);
    }

    /**
     * The writer of {@code snapshots.chunk-size}, signing with the key of {@code
     * snapshots.signing.*} when one is set. Reads the key: call it where the writer is used (the
     * trainer's initialisation on the TaskManager), not where the job is built.
     */
    public static SnapshotWriter from(FlowRecConfig config) {
        int chunk = (int) config.get(SnapshotOptions.CHUNK_SIZE).bytes();
        return SigningKeyLocation.of(config)
                .map(where -> signed(chunk, where.load()))
                .orElseGet(() -> unsigned(chunk));
    }

    /** The largest {@code data} of one chunk. */
    public int maxChunkBytes() {
        return maxChunkBytes;
    }

    /** Whether manifests are signed. */
    public boolean signs() {
        return signer != null;
    }

    /**
     * The records of one snapshot version: the manifest, then chunks {@code 0..n-1}.
     *
     * @param template the descriptive manifest fields (not modified; computed fields it may hold
     *     are overwritten)
     * @param artifact the serialized model; may be empty (then there are no chunks)
     * @throws IllegalArgumentException naming every missing descriptive field, or an empty lineage
     *     id, a version below 1, a parent version not below the version, a parent lineage missing
     *     or present against the parent version, or an unknown prediction transform
     */
    public List<SnapshotRecord> write(SnapshotManifest.Builder template, byte[] artifact) {
        if (template == null || artifact == null) {
            throw new IllegalArgumentException(
                    "template and artifact must not be null, got template="
                            + (template == null ? "null" : "a builder")
                            + " artifact="
                            + (artifact == null ? "null" : artifact.length + " bytes"));
        }
        checkTemplate(template);
        String modelId = template.getModelId();
        long version = template.getVersion();
        int chunkCount = (artifact.length + maxChunkBytes - 1) / maxChunkBytes;

        List<SnapshotRecord> chunks = new ArrayList<>(chunkCount);
        List<ByteBuffer> chunkHashes = new ArrayList<>(chunkCount);
        for (int i = 0; i < chunkCount; i++) {
            int from = i * maxChunkBytes;
            // Copied rather than wrapped: a wrapped slice would expose the whole artifact array to
            // anyone calling array() on it.
            int to = Math.min(artifact.length, from + maxChunkBytes);
            byte[] data = Arrays.copyOfRange(artifact, from, to);
            chunkHashes.add(ByteBuffer.wrap(Hashes.sha256(data)));
            SnapshotChunk chunk =
                    SnapshotChunk.newBuilder()
                            .setModelId(modelId)
                            .setLineageId(template.getLineageId())
                            .setVersion(version)
                            .setIndex(i)
                            .setData(ByteBuffer.wrap(data))
                            .build();
            chunks.add(SnapshotRecord.newBuilder().setPayload(chunk).build());
        }

        SnapshotManifest manifest =
                SnapshotManifest.newBuilder(template)
                        .setFormatVersion(SnapshotFormat.CURRENT_VERSION)
                        .setTotalSize(artifact.length)
                        .setChunkCount(chunkCount)
                        .setChunkSha256(chunkHashes)
                        .setArtifactSha256(ByteBuffer.wrap(Hashes.sha256(artifact)))
                        .setSigningKeyId(null)
                        .setSignature(null)
                        .build();
        if (signer != null) {
            manifest = signer.signed(manifest);
        }
        List<SnapshotRecord> records = new ArrayList<>(chunkCount + 1);
        records.add(SnapshotRecord.newBuilder().setPayload(manifest).build());
        records.addAll(chunks);
        return records;
    }

    private static void checkTemplate(SnapshotManifest.Builder t) {
        List<String> missing = new ArrayList<>();
        requireField(missing, t.hasModelId(), "model_id");
        requireField(missing, t.hasModelType(), "model_type");
        requireField(missing, t.hasLineageId(), "lineage_id");
        requireField(missing, t.hasLineageStartedAt(), "lineage_started_at");
        requireField(missing, t.hasVersion(), "version");
        requireField(missing, t.hasParentLineageId(), "parent_lineage_id");
        requireField(missing, t.hasParentVersion(), "parent_version");
        requireField(missing, t.hasCreatedAt(), "created_at");
        requireField(missing, t.hasFormat(), "format");
        requireField(missing, t.hasFeatureSpecHash(), "feature_spec_hash");
        requireField(missing, t.hasScenarios(), "scenarios");
        requireField(missing, t.hasTasks(), "tasks");
        requireField(missing, t.hasWatermark(), "watermark");
        requireField(missing, t.hasExamplesTrained(), "examples_trained");
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "the manifest template lacks required fields " + missing);
        }
        if (t.getLineageId().isEmpty()) {
            throw new IllegalArgumentException("lineage_id must not be empty");
        }
        if (t.getVersion() < 1
                || t.getParentVersion() < 0
                || t.getParentVersion() >= t.getVersion()
                || t.getParentLineageId().isEmpty() != (t.getParentVersion() == 0)) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "versions must satisfy 0 <= parent_version < version and version >= 1,"
                                    + " with a parent_lineage_id exactly when parent_version > 0,"
                                    + " got version=%d parent_lineage_id='%s' parent_version=%d",
                            t.getVersion(),
                            t.getParentLineageId(),
                            t.getParentVersion()));
        }
        if (t.hasPredictionTransforms()) {
            for (Map.Entry<String, String> e : t.getPredictionTransforms().entrySet()) {
                if (!t.getTasks().contains(e.getKey())) {
                    throw new IllegalArgumentException(
                            String.format(
                                    Locale.ROOT,
                                    "prediction transform for task '%s', which is not among the"
                                            + " manifest's tasks %s",
                                    e.getKey(),
                                    t.getTasks()));
                }
                PredictionTransform.parse(e.getValue());
            }
        }
    }

    private static void requireField(List<String> missing, boolean present, String field) {
        if (!present) {
            missing.add(field);
        }
    }
}
