package dev.flowrec.core.snapshot;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.nio.ByteBuffer;
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
 * Reassembles snapshot versions from the records of the snapshot topic and verifies them. Feed
 * every record to {@link #accept}; it answers, per version, a {@link VerifiedSnapshot} once the
 * manifest and every chunk are present and verify, or a {@link SnapshotRejection} with a reason
 * code.
 *
 * <pre>{@code
 * SnapshotAssembler assembler = SnapshotAssembler.builder()
 *         .modelId("ctr")
 *         .verifier(SnapshotVerifier.of(Map.of("2026-12", publicKey)))
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
 * the found and the supported versions); signature when public keys are configured ({@code
 * UNSIGNED}, {@code UNKNOWN_KEY}, {@code BAD_SIGNATURE}); position newer than the newest verified
 * one ({@code STALE_VERSION}, in {@link LineagePosition} order: a later lineage, or a later version
 * of the same lineage); artifact format, model type, required tasks, expected feature-spec hash and
 * prediction transforms ({@code INCOMPATIBLE}); self-consistency ({@code MALFORMED}); size ({@code
 * TOO_LARGE}). On every chunk of an accepted manifest, before it is copied: index in range, size
 * within the manifest's total and SHA-256 ({@code CORRUPT_CHUNK}, naming the index). On the
 * assembled artifact: size and SHA-256 ({@code HASH_MISMATCH}). Nothing is deserialised here: the
 * artifact reaches the model loader only after all of that.
 *
 * <p>Memory, and why a flood of forged chunks cannot push out a genuine version. The writer sends a
 * version's manifest first, then its chunks ({@link SnapshotWriter}), so buffers live in two pools:
 *
 * <ul>
 *   <li><b>Accepted</b>: versions whose manifest passed every check above, signature included. Only
 *       chunks matching the manifest's hashes are kept, so a version holds at most its manifest's
 *       {@code total_size} (itself at most {@code maxArtifactBytes}). At most {@code
 *       maxPendingVersions} versions and {@code maxPendingBytes}; over a cap the least recently
 *       updated accepted version is evicted ({@code INCOMPLETE}): a publisher that died
 *       mid-snapshot never updates its version again, so it goes first. With public keys
 *       configured, only the job's key can put a version here.
 *   <li><b>Unauthenticated</b>: chunks that arrive before any manifest of their version (a
 *       look-back window that starts inside a version, a reordering copy tool, or a forger). At
 *       most {@code maxUnauthenticatedVersions} versions, {@code maxUnauthenticatedChunks} chunks
 *       per version (zero-length chunks count) and {@code maxUnauthenticatedBytes} in all; a chunk
 *       that would exceed them evicts the least recently updated unauthenticated versions, never an
 *       accepted one, and is checked against the caps before its bytes are copied. Evictions here
 *       are counted ({@link #unauthenticatedChunksDropped}), not reported per version (a forger
 *       could otherwise fill the log), and they do not mark the version finished, so its genuine
 *       manifest still opens it. When a manifest is accepted, its unauthenticated chunks that match
 *       move to the accepted pool and the others are dropped: unauthenticated input proves nothing
 *       against a signed manifest.
 * </ul>
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>A manifest that fails the signature check changes nothing: unauthenticated input must not
 *       be able to cancel a legitimate version. For the same reason a chunk that fails its checks
 *       under an accepted manifest (hash, size, index) is reported once ({@code CORRUPT_CHUNK}, or
 *       {@code MALFORMED} for a negative index) and dropped, but the version stays open for a
 *       matching copy: a flipped byte is reported and never served, and a forger racing a bad copy
 *       ahead of the genuine chunk cannot cancel the version. Every other rejection ends the
 *       version: its buffered chunks are dropped and its later records ignored. A version is
 *       reported at most once, unless a matching copy later completes it.
 *   <li>The first matching copy of a chunk index wins; later copies are ignored. With {@code
 *       isolation.level=read_committed} and a transactional publisher there are no copies.
 *   <li>Without public keys there is no authentication, so there is no protection against a flood
 *       of forged manifests either: a subscriber without keys trusts whoever can write the topic.
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
    private final int maxUnauthenticatedVersions;
    private final int maxUnauthenticatedChunks;
    private final long maxUnauthenticatedBytes;

    /** Accepted versions, in access order: iteration starts at the least recently updated. */
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>(16, 0.75f, true);

    /** Chunks without an accepted manifest, in access order. */
    private final LinkedHashMap<Key, Pending> unauthenticated =
            new LinkedHashMap<>(16, 0.75f, true);

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
    private long unauthenticatedBytes;
    private long unauthenticatedDropped;

    private SnapshotAssembler(Builder b, long maxPendingBytes) {
        this.modelId = b.modelId;
        this.checks =
                new ManifestChecks(
                        b.verifier,
                        b.expectedFeatureSpecHash,
                        b.artifactFormats,
                        b.modelTypes,
                        b.requiredTasks,
                        b.maxArtifactBytes);
        this.maxPendingVersions = b.maxPendingVersions;
        this.maxPendingBytes = maxPendingBytes;
        this.maxUnauthenticatedVersions = b.maxUnauthenticatedVersions;
        this.maxUnauthenticatedChunks = b.maxUnauthenticatedChunks;
        this.maxUnauthenticatedBytes = b.maxUnauthenticatedBytes;
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

    /** Incomplete versions with an accepted manifest currently buffered. */
    public int pendingVersions() {
        return pending.size();
    }

    /** Chunk bytes currently buffered under accepted manifests. */
    public long pendingBytes() {
        return pendingBytes;
    }

    /** Versions whose chunks arrived without a manifest, currently buffered. */
    public int unauthenticatedVersions() {
        return unauthenticated.size();
    }

    /** Chunk bytes currently buffered without a manifest. */
    public long unauthenticatedBytes() {
        return unauthenticatedBytes;
    }

    /** Chunks without a manifest dropped so far to stay within the unauthenticated budget. */
    public long unauthenticatedChunksDropped() {
        return unauthenticatedDropped;
    }

    private List<AssemblyResult> onChunk(SnapshotChunk chunk) {
        Key key = new Key(chunk.getModelId(), chunk.getLineageId(), chunk.getVersion());
        if (ignored(key)) {
            return List.of();
        }
        int index = chunk.getIndex();
        Pending p = pending.get(key);
        if (index < 0) {
            // Like any bad copy, it must not end a version: anyone can write one.
            if (p == null) {
                unauthenticatedDropped++;
                return List.of();
            }
            return corruptCopy(
                    p, rejection(key, RejectReason.MALFORMED, "chunk index %d is negative", index));
        }
        if (p == null) {
            bufferUnauthenticated(key, index, chunk.getData());
            return List.of();
        }
        if (p.chunks.containsKey(index)) {
            LOG.debug("Ignoring a second copy of chunk {} of {}", index, key);
            return List.of();
        }
        ByteBuffer data = chunk.getData();
        SnapshotRejection bad = ManifestChecks.checkChunk(p.manifest, index, data, p.bytes);
        if (bad != null) {
            return corruptCopy(p, bad);
        }
        p.add(index, Hashes.toArray(data));
        pendingBytes += data.remaining();
        return afterUpdate(p);
    }

    /**
     * A chunk that fails its manifest's checks is reported once and dropped; the version waits for
     * a matching copy, because anyone who can write the topic can send a bad one.
     */
    private List<AssemblyResult> corruptCopy(Pending p, SnapshotRejection bad) {
        if (p.reported) {
            LOG.debug("Dropping another bad chunk of {}: {}", p.key, bad.message());
            return List.of();
        }
        p.reported = true;
        return List.of(bad);
    }

    /** Keeps a chunk without a manifest within the budget; the caps are checked before copying. */
    private void bufferUnauthenticated(Key key, int index, ByteBuffer data) {
        long size = data.remaining();
        Pending p = unauthenticated.get(key);
        if (p != null && p.chunks.containsKey(index)) {
            return;
        }
        if (size > maxUnauthenticatedBytes
                || maxUnauthenticatedVersions == 0
                || (p == null ? 0 : p.chunks.size()) >= maxUnauthenticatedChunks) {
            unauthenticatedDropped++;
            LOG.debug("Dropping chunk {} of {} without a manifest: over the budget", index, key);
            return;
        }
        if (p == null) {
            p = new Pending(key);
            unauthenticated.put(key, p);
        }
        Iterator<Map.Entry<Key, Pending>> it = unauthenticated.entrySet().iterator();
        while ((unauthenticated.size() > maxUnauthenticatedVersions
                        || unauthenticatedBytes + size > maxUnauthenticatedBytes)
                && it.hasNext()) {
            Map.Entry<Key, Pending> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            it.remove();
            unauthenticatedBytes -= eldest.getValue().bytes;
            unauthenticatedDropped += eldest.getValue().chunks.size();
        }
        if (unauthenticatedBytes + size > maxUnauthenticatedBytes) {
            // Only this version's own chunks are left: it is the one over the budget.
            unauthenticatedDropped++;
            if (p.chunks.isEmpty()) {
                unauthenticated.remove(key);
            }
            return;
        }
        p.add(index, Hashes.toArray(data));
        unauthenticatedBytes += size;
    }

    private List<AssemblyResult> onManifest(SnapshotManifest manifest) {
        Key key = new Key(manifest.getModelId(), manifest.getLineageId(), manifest.getVersion());
        if (!wanted(key) || finished.containsKey(key)) {
            return List.of();
        }
        SnapshotRejection unauthenticatedManifest = checks.authenticate(manifest);
        if (unauthenticatedManifest != null) {
            return List.of(unauthenticatedManifest);
        }
        if (pending.containsKey(key)) {
            LOG.debug("Ignoring a second manifest of {}", key);
            return List.of();
        }
        SnapshotRejection bad = checks.check(manifest, newestVerified.get(key.modelId));
        if (bad != null) {
            return List.of(end(key, bad));
        }
        Pending p = new Pending(key);
        p.manifest = manifest;
        pending.put(key, p);
        Pending early = unauthenticated.remove(key);
        if (early != null) {
            unauthenticatedBytes -= early.bytes;
            for (Map.Entry<Integer, byte[]> e : early.chunks.entrySet()) {
                ByteBuffer data = ByteBuffer.wrap(e.getValue());
                if (ManifestChecks.checkChunk(manifest, e.getKey(), data, p.bytes) == null) {
                    p.add(e.getKey(), e.getValue());
                    pendingBytes += e.getValue().length;
                } else {
                    unauthenticatedDropped++;
                    LOG.debug(
                            "Dropping chunk {} of {} that came before its manifest and does not"
                                    + " match it",
                            e.getKey(),
                            key);
                }
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
                            "evicted before complete with %d of %d chunks (%d bytes); caps: %d"
                                    + " pending versions, %d pending bytes",
                            e.chunks.size(),
                            e.manifest.getChunkCount(),
                            e.bytes,
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
        unauthenticated
                .values()
                .removeIf(
                        early -> {
                            boolean stale =
                                    early.key.modelId.equals(p.key.modelId)
                                            && early.isOlderThan(position);
                            if (stale) {
                                unauthenticatedBytes -= early.bytes;
                            }
                            return stale;
                        });
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
        Pending early = unauthenticated.remove(key);
        if (early != null) {
            unauthenticatedBytes -= early.bytes;
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

        /** A rejection was already reported for it (a bad copy of one of its chunks). */
        boolean reported;

        Pending(Key key) {
            this.key = key;
        }

        void add(int index, byte[] data) {
            chunks.put(index, data);
            bytes += data.length;
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

        /**
         * Default of {@link #unauthenticatedBudget}: versions. The writer sends manifests first, so
         * genuine chunks only land here when a look-back window starts inside a version.
         */
        public static final int DEFAULT_MAX_UNAUTHENTICATED_VERSIONS = 4;

        /** Default of {@link #unauthenticatedBudget}: chunks per version. */
        public static final int DEFAULT_MAX_UNAUTHENTICATED_CHUNKS = 64;

        /** Default of {@link #unauthenticatedBudget}: bytes in all. */
        public static final long DEFAULT_MAX_UNAUTHENTICATED_BYTES = 16L << 20;

        private String modelId;
        private SnapshotVerifier verifier;
        private String expectedFeatureSpecHash;
        private Set<String> artifactFormats = Set.of(SnapshotFormat.DL4J_ZIP);
        private Set<String> modelTypes;
        private List<String> requiredTasks = List.of();
        private int maxPendingVersions = DEFAULT_MAX_PENDING_VERSIONS;
        private long maxArtifactBytes = DEFAULT_MAX_ARTIFACT_BYTES;
        private Long maxPendingBytes;
        private int maxUnauthenticatedVersions = DEFAULT_MAX_UNAUTHENTICATED_VERSIONS;
        private int maxUnauthenticatedChunks = DEFAULT_MAX_UNAUTHENTICATED_CHUNKS;
        private long maxUnauthenticatedBytes = DEFAULT_MAX_UNAUTHENTICATED_BYTES;

        private Builder() {}

        /** Only this model's records are assembled; others are ignored. Default: every model. */
        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        /**
         * Verify every manifest's signature with these public keys; unsigned manifests, manifests
         * of an unknown key id and forged ones are rejected. Default (null): signatures are not
         * checked.
         */
        public Builder verifier(SnapshotVerifier verifier) {
            this.verifier = verifier;
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

        /** Model types ({@code model_type}) this reader can serve. Default (null): any. */
        public Builder modelTypes(Set<String> types) {
            if (types != null && types.isEmpty()) {
                throw new IllegalArgumentException(
                        "modelTypes must name at least one type, or be null for any");
            }
            this.modelTypes = types == null ? null : Set.copyOf(types);
            return this;
        }

        /**
         * Tasks every snapshot must score (it may score more): what the callers of this reader ask
         * for. Default: none required.
         */
        public Builder requiredTasks(List<String> tasks) {
            this.requiredTasks = tasks == null ? List.of() : List.copyOf(tasks);
            return this;
        }

        /** Incomplete versions with an accepted manifest buffered at most. Default 4. */
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
         * Chunk bytes buffered at most across incomplete versions with an accepted manifest.
         * Default: twice {@link #maxArtifactBytes}, so one version can complete while another
         * starts.
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
         * The budget for chunks that arrive before any manifest of their version: at most {@code
         * versions} versions, {@code chunksPerVersion} chunks per version (zero-length ones count)
         * and {@code bytes} in all. Default 4 versions, 64 chunks, 16 MiB. A chunk over it is
         * dropped and counted, and it never evicts a version whose manifest was accepted.
         */
        public Builder unauthenticatedBudget(int versions, int chunksPerVersion, long bytes) {
            if (versions < 0 || chunksPerVersion < 0 || bytes < 0) {
                throw new IllegalArgumentException(
                        "the unauthenticated budget must not be negative, got versions="
                                + versions
                                + " chunksPerVersion="
                                + chunksPerVersion
                                + " bytes="
                                + bytes);
            }
            this.maxUnauthenticatedVersions = versions;
            this.maxUnauthenticatedChunks = chunksPerVersion;
            this.maxUnauthenticatedBytes = bytes;
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
