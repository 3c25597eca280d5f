package dev.flowrec.core.snapshot;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reassembles snapshot versions from the records of the snapshot topic, in any order, and verifies
 * them. Feed every record to {@link #accept}; it answers, per version, a {@link VerifiedSnapshot}
 * once the manifest and every chunk are present and verify, or a {@link SnapshotRejection} with a
 * reason code.
 *
 * <pre>{@code
 * SnapshotAssembler assembler = SnapshotAssembler.builder()
 *         .modelId("ctr")
 *         .signer(SnapshotSigner.ofSecret(secret))
 *         .expectedFeatureSpecHash(spec.hash())
 *         .build();
 * for (AssemblyResult result : assembler.accept(record)) {
 *     if (result instanceof VerifiedSnapshot snapshot) {
 *         load(snapshot.artifact());
 *     }
 * }
 * }</pre>
 *
 * <p>Checks, in this order, on a manifest: snapshot format version ({@code INCOMPATIBLE}, naming
 * the found and the supported versions); signature when a signer is configured ({@code UNSIGNED},
 * {@code BAD_SIGNATURE}); position newer than the newest verified one ({@code STALE_VERSION}, in
 * {@link LineagePosition} order: a later lineage, or a later version of the same lineage); artifact
 * format, expected feature-spec hash and prediction transforms ({@code INCOMPATIBLE});
 * self-consistency ({@code MALFORMED}); size ({@code TOO_LARGE}). On every chunk, as soon as its
 * manifest is known: index in range and SHA-256 ({@code CORRUPT_CHUNK}, naming the index). On the
 * assembled artifact: size and SHA-256 ({@code HASH_MISMATCH}).
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>A manifest that fails the signature check changes nothing: unauthenticated input must not
 *       be able to cancel a legitimate pending version (if the version's chunks are dropped later,
 *       that is not reported again). Every other rejection ends the version: its buffered chunks
 *       are dropped and its later records ignored. Each version is reported at most once.
 *   <li>The first copy of a chunk index wins; later copies are ignored. With {@code
 *       isolation.level=read_committed} and a transactional publisher there are no copies.
 *   <li>Memory is bounded: at most {@code maxPendingVersions} incomplete versions and {@code
 *       maxPendingBytes} of buffered chunks. Over a cap, the least recently updated incomplete
 *       version is evicted ({@code INCOMPLETE}); a publisher that died mid-snapshot never updates
 *       its version again, so it goes first.
 *   <li>Once a version verifies, older incomplete versions of the same model are dropped as {@code
 *       STALE_VERSION}; one of another lineage whose manifest has not come yet is kept until it
 *       does (its chunks alone do not say whether its lineage is older).
 *   <li>Versions are told apart by lineage and number: two lineages may publish the same number (a
 *       job restored from a checkpoint continues the numbers of the lineage it forked from).
 * </ul>
 *
 * <p>Not thread-safe: one thread feeds it (the subscriber's polling thread).
 */
public final class SnapshotAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotAssembler.class);

    /** Finished versions remembered so that their late records are ignored, not re-buffered. */
    private static final int FINISHED_MEMORY = 1024;

    /** Avro {@code bytes} and Java arrays cannot exceed this. */
    private static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

    private final String modelId;
    private final ManifestChecks checks;
    private final int maxPendingVersions;
    private final long maxPendingBytes;
    private final long maxArtifactBytes;

    /** Access order, so iteration starts at the least recently updated version. */
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>(16, 0.75f, true);

    private final Map<String, LineagePosition> newestVerified = new HashMap<>();
    private final Map<Key, Boolean> finished =
            new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                    return size() > FINISHED_MEMORY;
                }
            };
    private long pendingBytes;

    private SnapshotAssembler(Builder b, long maxPendingBytes) {
        this.modelId = b.modelId;
        this.checks =
                new ManifestChecks(
                        b.signer, b.expectedFeatureSpecHash, b.artifactFormats, b.maxArtifactBytes);
        this.maxPendingVersions = b.maxPendingVersions;
        this.maxPendingBytes = maxPendingBytes;
        this.maxArtifactBytes = b.maxArtifactBytes;
    }

    /** A builder; every setting has a default (any model id, no signature check). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes one record of the snapshot topic.
     *
     * @return what became of any version because of this record: usually nothing, one verified
     *     snapshot when this record completed a version, or rejections (including versions evicted
     *     to make room)
     */
    public List<AssemblyResult> accept(SnapshotRecord record) {
        Object payload = record.getPayload();
        if (payload instanceof SnapshotChunk chunk) {
            return onChunk(chunk);
        }
        if (payload instanceof SnapshotManifest manifest) {
            return onManifest(manifest);
        }
        throw new IllegalArgumentException(
                "a SnapshotRecord payload must be a SnapshotManifest or a SnapshotChunk, got "
                        + (payload == null ? "null" : payload.getClass().getName()));
    }

    /** The newest position verified so far for a model, if any. */
    public Optional<LineagePosition> newestVerified(String modelId) {
        return Optional.ofNullable(newestVerified.get(modelId));
    }

    /** Incomplete versions currently buffered. */
    public int pendingVersions() {
        return pending.size();
    }

    /** Chunk bytes currently buffered. */
    public long pendingBytes() {
        return pendingBytes;
    }

    private List<AssemblyResult> onChunk(SnapshotChunk chunk) {
        Key key = new Key(chunk.getModelId(), chunk.getLineageId(), chunk.getVersion());
        if (ignored(key)) {
            return List.of();
        }
        int index = chunk.getIndex();
        if (index < 0) {
            return List.of(end(key, RejectReason.MALFORMED, "chunk index %d is negative", index));
        }
        Pending p = pending.computeIfAbsent(key, Pending::new);
        if (p.chunks.containsKey(index)) {
            LOG.debug("Ignoring a second copy of chunk {} of {}", index, key);
            return List.of();
        }
        byte[] data = Hashes.toArray(chunk.getData());
        if (p.manifest != null) {
            SnapshotRejection bad = ManifestChecks.checkChunk(p.manifest, index, data);
            if (bad != null) {
                return List.of(end(key, bad));
            }
        }
        p.chunks.put(index, data);
        p.bytes += data.length;
        pendingBytes += data.length;
        if (p.bytes > maxArtifactBytes) {
            return List.of(
                    end(
                            key,
                            RejectReason.TOO_LARGE,
                            "its chunks hold %d bytes so far, above the limit of %d",
                            p.bytes,
                            maxArtifactBytes));
        }
        return afterUpdate(p);
    }

    private List<AssemblyResult> onManifest(SnapshotManifest manifest) {
        Key key = new Key(manifest.getModelId(), manifest.getLineageId(), manifest.getVersion());
        if (!wanted(key) || finished.containsKey(key)) {
            return List.of();
        }
        SnapshotRejection unauthenticated = checks.authenticate(manifest);
        if (unauthenticated != null) {
            Pending p = pending.get(key);
            if (p != null) {
                // Reported now; if its chunks are dropped later, that is not a second rejection.
                p.reported = true;
            }
            return List.of(unauthenticated);
        }
        SnapshotRejection bad = checks.check(manifest, newestVerified.get(key.modelId));
        if (bad != null) {
            return List.of(end(key, bad));
        }
        Pending p = pending.computeIfAbsent(key, Pending::new);
        if (p.manifest != null) {
            LOG.debug("Ignoring a second manifest of {}", key);
            return List.of();
        }
        p.manifest = manifest;
        for (Map.Entry<Integer, byte[]> e : p.chunks.entrySet()) {
            SnapshotRejection corrupt =
                    ManifestChecks.checkChunk(manifest, e.getKey(), e.getValue());
            if (corrupt != null) {
                return List.of(end(key, corrupt));
            }
        }
        return afterUpdate(p);
    }

    private boolean wanted(Key key) {
        return modelId == null || modelId.equals(key.modelId);
    }

    /** Records of other models, of finished versions and stale chunks are dropped silently. */
    private boolean ignored(Key key) {
        if (!wanted(key) || finished.containsKey(key)) {
            return true;
        }
        LineagePosition newest = newestVerified.get(key.modelId);
        // A stale chunk is not reported: its manifest, when it comes, is (once per version). A
        // chunk of another lineage waits for its manifest, which says when that lineage started.
        return newest != null
                && key.lineageId.equals(newest.lineageId())
                && key.version <= newest.version();
    }

    private List<AssemblyResult> afterUpdate(Pending p) {
        List<AssemblyResult> out = new ArrayList<>();
        // Completing first frees the version's chunks before deciding whether to evict others.
        if (p.isComplete()) {
            out.addAll(complete(p));
        }
        evictOverCaps(p.key, out);
        return out;
    }

    private void evictOverCaps(Key keep, List<AssemblyResult> out) {
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        while ((pending.size() > maxPendingVersions || pendingBytes > maxPendingBytes)
                && it.hasNext()) {
            Map.Entry<Key, Pending> eldest = it.next();
            if (eldest.getKey().equals(keep)) {
                continue;
            }
            Pending e = eldest.getValue();
            it.remove();
            pendingBytes -= e.bytes;
            finished.put(e.key, Boolean.TRUE);
            if (e.reported) {
                continue;
            }
            out.add(
                    rejection(
                            e.key,
                            RejectReason.INCOMPLETE,
                            "evicted before complete with %d of %s chunks (%d bytes) and %s"
                                    + " manifest; caps: %d pending versions, %d pending bytes",
                            e.chunks.size(),
                            e.manifest == null ? "?" : String.valueOf(e.manifest.getChunkCount()),
                            e.bytes,
                            e.manifest == null ? "no" : "its",
                            maxPendingVersions,
                            maxPendingBytes));
        }
    }

    private List<AssemblyResult> complete(Pending p) {
        SnapshotManifest m = p.manifest;
        long total = m.getTotalSize();
        if (p.bytes != total) {
            return List.of(
                    end(
                            p.key,
                            RejectReason.HASH_MISMATCH,
                            "the chunks hold %d bytes, the manifest says %d",
                            p.bytes,
                            total));
        }
        byte[] artifact = new byte[(int) total];
        int offset = 0;
        for (int i = 0; i < m.getChunkCount(); i++) {
            byte[] data = p.chunks.get(i);
            System.arraycopy(data, 0, artifact, offset, data.length);
            offset += data.length;
        }
        byte[] actual = Hashes.sha256(artifact);
        if (!Hashes.matches(actual, m.getArtifactSha256())) {
            return List.of(
                    end(
                            p.key,
                            RejectReason.HASH_MISMATCH,
                            "the assembled artifact has SHA-256 %s, the manifest says %s",
                            Hashes.hex(actual),
                            Hashes.hex(m.getArtifactSha256())));
        }
        drop(p.key);
        LineagePosition position = LineagePosition.of(m);
        newestVerified.put(p.key.modelId, position);
        List<AssemblyResult> out = new ArrayList<>();
        out.add(new VerifiedSnapshot(m, artifact));
        for (Pending older : List.copyOf(pending.values())) {
            if (!older.key.modelId.equals(p.key.modelId) || !older.isOlderThan(position)) {
                continue;
            }
            if (older.reported) {
                drop(older.key);
            } else {
                out.add(
                        end(
                                older.key,
                                RejectReason.STALE_VERSION,
                                "superseded by verified %s before it was complete",
                                position));
            }
        }
        return out;
    }

    /** Ends a version: drops what is buffered and ignores its later records. */
    private SnapshotRejection end(Key key, RejectReason reason, String format, Object... args) {
        return end(key, rejection(key, reason, format, args));
    }

    private SnapshotRejection end(Key key, SnapshotRejection rejection) {
        drop(key);
        return rejection;
    }

    private void drop(Key key) {
        Pending p = pending.remove(key);
        if (p != null) {
            pendingBytes -= p.bytes;
        }
        finished.put(key, Boolean.TRUE);
    }

    private static SnapshotRejection rejection(
            Key key, RejectReason reason, String format, Object... args) {
        return SnapshotRejection.of(
                key.modelId,
                key.lineageId,
                key.version,
                reason,
                String.format(Locale.ROOT, format, args));
    }

    private record Key(String modelId, String lineageId, long version) {
        @Override
        public String toString() {
            return modelId + " v" + version + " of lineage " + lineageId;
        }
    }

    /** One incomplete version: its manifest once seen, and its chunks by index. */
    private static final class Pending {
        final Key key;
        final Map<Integer, byte[]> chunks = new TreeMap<>();
        SnapshotManifest manifest;
        long bytes;

        /** A rejection was already reported for it (a manifest that failed the signature check). */
        boolean reported;

        Pending(Key key) {
            this.key = key;
        }

        /** Known older once its manifest came; before that, only within the same lineage. */
        boolean isOlderThan(LineagePosition newest) {
            return manifest != null
                    ? newest.isNewerThan(LineagePosition.of(manifest))
                    : key.lineageId.equals(newest.lineageId()) && key.version < newest.version();
        }

        boolean isComplete() {
            // Every buffered index was checked against the manifest's range, so a full count means
            // every index 0..n-1 is present.
            return manifest != null && chunks.size() == manifest.getChunkCount();
        }
    }

    /** Settings of a {@link SnapshotAssembler}; all have defaults. */
    public static final class Builder {
        /** Default of {@link #maxArtifactBytes}: well above today's tens-of-MB snapshots. */
        public static final long DEFAULT_MAX_ARTIFACT_BYTES = 512L << 20;

        /** Default of {@link #maxPendingVersions}. */
        public static final int DEFAULT_MAX_PENDING_VERSIONS = 4;

        private String modelId;
        private SnapshotSigner signer;
        private String expectedFeatureSpecHash;
        private Set<String> artifactFormats = Set.of(SnapshotFormat.DL4J_ZIP);
        private int maxPendingVersions = DEFAULT_MAX_PENDING_VERSIONS;
        private long maxArtifactBytes = DEFAULT_MAX_ARTIFACT_BYTES;
        private Long maxPendingBytes;

        private Builder() {}

        /** Only this model's records are assembled; others are ignored. Default: every model. */
        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        /**
         * Verify every manifest's signature with this key; unsigned and forged manifests are
         * rejected. Default: signatures are not checked.
         */
        public Builder signer(SnapshotSigner signer) {
            this.signer = signer;
            return this;
        }

        /** Reject snapshots whose feature-spec hash differs. Default: any hash. */
        public Builder expectedFeatureSpecHash(String hash) {
            this.expectedFeatureSpecHash = hash;
            return this;
        }

        /** Artifact formats this reader can load. Default: {@link SnapshotFormat#DL4J_ZIP}. */
        public Builder artifactFormats(Set<String> formats) {
            if (formats == null || formats.isEmpty()) {
                throw new IllegalArgumentException(
                        "artifactFormats must name at least one format, got " + formats);
            }
            this.artifactFormats = Set.copyOf(formats);
            return this;
        }

        /** Incomplete versions buffered at most. Default 4. */
        public Builder maxPendingVersions(int versions) {
            if (versions < 1) {
                throw new IllegalArgumentException(
                        "maxPendingVersions must be at least 1, got " + versions);
            }
            this.maxPendingVersions = versions;
            return this;
        }

        /** Largest artifact accepted ({@code TOO_LARGE} above). Default 512 MiB. */
        public Builder maxArtifactBytes(long bytes) {
            if (bytes < 1 || bytes > ARRAY_LIMIT) {
                throw new IllegalArgumentException(
                        "maxArtifactBytes must be in [1, " + ARRAY_LIMIT + "], got " + bytes);
            }
            this.maxArtifactBytes = bytes;
            return this;
        }

        /**
         * Chunk bytes buffered at most across incomplete versions. Default: twice {@link
         * #maxArtifactBytes}, so one version can complete while another starts.
         */
        public Builder maxPendingBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException(
                        "maxPendingBytes must be at least 1, got " + bytes);
            }
            this.maxPendingBytes = bytes;
            return this;
        }

        /**
         * @throws IllegalArgumentException when maxPendingBytes is below maxArtifactBytes (the
         *     largest accepted artifact could then never complete)
         */
        public SnapshotAssembler build() {
            long pendingCap = maxPendingBytes == null ? 2 * maxArtifactBytes : maxPendingBytes;
            if (pendingCap < maxArtifactBytes) {
                throw new IllegalArgumentException(
                        "maxPendingBytes ("
                                + pendingCap
                                + ") must be at least maxArtifactBytes ("
                                + maxArtifactBytes
                                + ")");
            }
            return new SnapshotAssembler(this, pendingCap);
        }
    }
}
