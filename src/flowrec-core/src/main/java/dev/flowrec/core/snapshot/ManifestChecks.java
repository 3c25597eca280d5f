package dev.flowrec.core.snapshot;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotManifest;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checks of {@link SnapshotAssembler}, one method per stage, each answering null or the
 * rejection with its reason and a message naming what was found and what was expected.
 */
final class ManifestChecks {

    private final SnapshotVerifier verifier;
    private final String expectedFeatureSpecHash;
    private final Set<String> artifactFormats;
    private final Set<String> modelTypes;
    private final List<String> requiredTasks;
    private final long maxArtifactBytes;

    /**
     * @param verifier null: signatures are not checked
     * @param expectedFeatureSpecHash null: any
     * @param modelTypes null: any
     * @param requiredTasks tasks every snapshot must score; empty: any
     */
    ManifestChecks(
            SnapshotVerifier verifier,
            String expectedFeatureSpecHash,
            Set<String> artifactFormats,
            Set<String> modelTypes,
            List<String> requiredTasks,
            long maxArtifactBytes) {
        this.verifier = verifier;
        this.expectedFeatureSpecHash = expectedFeatureSpecHash;
        this.artifactFormats = Set.copyOf(artifactFormats);
        this.modelTypes = modelTypes == null ? null : Set.copyOf(modelTypes);
        this.requiredTasks = List.copyOf(requiredTasks);
        this.maxArtifactBytes = maxArtifactBytes;
    }

    /**
     * Whether the manifest is one this reader can authenticate and does: snapshot format version
     * (it decides what the signature covers, so it comes first), then the signature when public
     * keys are configured: present, made with a trusted key id, and valid.
     *
     * @return null when it passes
     */
    SnapshotRejection authenticate(SnapshotManifest m) {
        if (!SnapshotFormat.isSupported(m.getFormatVersion())) {
            return rejection(
                    m,
                    RejectReason.INCOMPATIBLE,
                    "snapshot format version %d is not supported; this reader supports %s",
                    m.getFormatVersion(),
                    SnapshotFormat.SUPPORTED_VERSIONS);
        }
        if (verifier == null) {
            return null;
        }
        RejectReason problem = verifier.problem(m);
        if (problem == null) {
            return null;
        }
        return switch (problem) {
            case UNSIGNED ->
                    rejection(
                            m,
                            problem,
                            "the manifest carries no signature but public keys %s are configured",
                            verifier.keyIds());
            case UNKNOWN_KEY ->
                    rejection(
                            m,
                            problem,
                            "the manifest is signed with key id %s, which is not among the trusted"
                                    + " %s",
                            m.getSigningKeyId() == null
                                    ? "(none)"
                                    : "'" + m.getSigningKeyId() + "'",
                            verifier.keyIds());
            default ->
                    rejection(
                            m,
                            problem,
                            "the manifest signature does not verify with the public key of key id"
                                    + " '%s'",
                            m.getSigningKeyId());
        };
    }

    /**
     * Staleness against the newest verified position (null: none yet), compatibility,
     * self-consistency and size.
     *
     * @return null when it passes
     */
    SnapshotRejection check(SnapshotManifest m, LineagePosition newest) {
        LineagePosition position = LineagePosition.of(m);
        if (newest != null && !position.isNewerThan(newest)) {
            return rejection(
                    m,
                    RejectReason.STALE_VERSION,
                    "%s is not newer than the newest verified %s%s",
                    position,
                    newest,
                    position.sameLineageAs(newest) ? "" : ", whose lineage started later");
        }
        if (!artifactFormats.contains(m.getFormat())) {
            return rejection(
                    m,
                    RejectReason.INCOMPATIBLE,
                    "artifact format '%s' is not supported; this reader supports %s",
                    m.getFormat(),
                    new TreeSet<>(artifactFormats));
        }
        if (modelTypes != null && !modelTypes.contains(m.getModelType())) {
            return rejection(
                    m,
                    RejectReason.INCOMPATIBLE,
                    "model type '%s' cannot be served here; this reader serves %s",
                    m.getModelType(),
                    new TreeSet<>(modelTypes));
        }
        List<String> missingTasks = new ArrayList<>(requiredTasks);
        missingTasks.removeAll(m.getTasks());
        if (!missingTasks.isEmpty()) {
            return rejection(
                    m,
                    RejectReason.INCOMPATIBLE,
                    "the snapshot scores tasks %s but this reader must score %s; missing %s",
                    m.getTasks(),
                    requiredTasks,
                    missingTasks);
        }
        if (expectedFeatureSpecHash != null
                && !expectedFeatureSpecHash.equals(m.getFeatureSpecHash())) {
            return rejection(
                    m,
                    RejectReason.INCOMPATIBLE,
                    "feature spec hash %s differs from the expected %s",
                    m.getFeatureSpecHash(),
                    expectedFeatureSpecHash);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(m.getPredictionTransforms()).entrySet()) {
            if (PredictionTransform.find(e.getValue()).isEmpty()) {
                return rejection(
                        m,
                        RejectReason.INCOMPATIBLE,
                        "prediction transform '%s' of task '%s' is not supported; supported: %s",
                        e.getValue(),
                        e.getKey(),
                        PredictionTransform.supportedValues());
            }
        }
        String inconsistency = inconsistency(m);
        if (inconsistency != null) {
            return rejection(m, RejectReason.MALFORMED, "%s", inconsistency);
        }
        if (m.getTotalSize() > maxArtifactBytes) {
            return rejection(
                    m,
                    RejectReason.TOO_LARGE,
                    "the artifact has %d bytes, above the limit of %d",
                    m.getTotalSize(),
                    maxArtifactBytes);
        }
        return null;
    }

    private static String inconsistency(SnapshotManifest m) {
        long total = m.getTotalSize();
        int count = m.getChunkCount();
        if (total < 0 || count < 0) {
            return String.format(
                    Locale.ROOT, "negative total_size %d or chunk_count %d", total, count);
        }
        if (m.getChunkSha256().size() != count) {
            return String.format(
                    Locale.ROOT,
                    "chunk_count is %d but chunk_sha256 has %d entries",
                    count,
                    m.getChunkSha256().size());
        }
        if ((count == 0) != (total == 0) || count > total) {
            return String.format(
                    Locale.ROOT, "%d chunks cannot hold a %d-byte artifact", count, total);
        }
        for (int i = 0; i < count; i++) {
            if (m.getChunkSha256().get(i).remaining() != SnapshotFormat.SHA256_BYTES) {
                return String.format(
                        Locale.ROOT,
                        "chunk_sha256[%d] has %d bytes, expected %d",
                        i,
                        m.getChunkSha256().get(i).remaining(),
                        SnapshotFormat.SHA256_BYTES);
            }
        }
        if (m.getArtifactSha256().remaining() != SnapshotFormat.SHA256_BYTES) {
            return String.format(
                    Locale.ROOT,
                    "artifact_sha256 has %d bytes, expected %d",
                    m.getArtifactSha256().remaining(),
                    SnapshotFormat.SHA256_BYTES);
        }
        return null;
    }

    /**
     * A chunk against its manifest, before its bytes are copied: index in range, the bytes so far
     * plus this chunk within the manifest's total size, and SHA-256.
     *
     * @param bytesSoFar bytes of the version's chunks already accepted
     * @return null when it passes
     */
    static SnapshotRejection checkChunk(
            SnapshotManifest m, int index, ByteBuffer data, long bytesSoFar) {
        if (index >= m.getChunkCount()) {
            return SnapshotRejection.corruptChunk(
                    m,
                    index,
                    String.format(
                            Locale.ROOT,
                            "chunk %d is out of range: the manifest has %d chunks",
                            index,
                            m.getChunkCount()));
        }
        if (bytesSoFar + data.remaining() > m.getTotalSize()) {
            return SnapshotRejection.corruptChunk(
                    m,
                    index,
                    String.format(
                            Locale.ROOT,
                            "chunk %d (%d bytes) would take the version to %d bytes, above the"
                                    + " manifest's total_size %d",
                            index,
                            data.remaining(),
                            bytesSoFar + data.remaining(),
                            m.getTotalSize()));
        }
        ByteBuffer expected = m.getChunkSha256().get(index);
        MessageDigest digest = Hashes.sha256Digest();
        digest.update(data.duplicate());
        byte[] actual = digest.digest();
        if (!Hashes.matches(actual, expected)) {
            return SnapshotRejection.corruptChunk(
                    m,
                    index,
                    String.format(
                            Locale.ROOT,
                            "chunk %d (%d bytes) has SHA-256 %s, the manifest says %s",
                            index,
                            data.remaining(),
                            Hashes.hex(actual),
                            Hashes.hex(expected)));
        }
        return null;
    }

    private static SnapshotRejection rejection(
            SnapshotManifest m, RejectReason reason, String format, Object... args) {
        return SnapshotRejection.of(m, reason, String.format(Locale.ROOT, format, args));
    }
}
