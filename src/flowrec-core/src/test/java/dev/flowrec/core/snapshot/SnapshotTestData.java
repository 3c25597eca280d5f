package dev.flowrec.core.snapshot;

import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Deterministic manifest templates and artifacts shared by the snapshot tests. */
final class SnapshotTestData {

    static final String MODEL = "ctr";
    static final String FEATURE_HASH = "0123456789abcdef";
    static final String LINEAGE = "lineage-a";
    static final long LINEAGE_STARTED_AT = 1_699_999_000_000L;

    /** The job's key pair in these tests, and a forger's. */
    static final KeyPair KEYS = SnapshotKeys.generate();

    static final KeyPair FORGER_KEYS = SnapshotKeys.generate();
    static final String KEY_ID = "test-key";
    static final SnapshotSigner SIGNER = SnapshotSigner.of(KEY_ID, KEYS.getPrivate());
    static final SnapshotVerifier VERIFIER = SnapshotVerifier.of(Map.of(KEY_ID, KEYS.getPublic()));

    private SnapshotTestData() {}

    /** A template with every descriptive field set, for {@link #MODEL} at that version. */
    static SnapshotManifest.Builder template(long version) {
        return template(MODEL, version);
    }

    static SnapshotManifest.Builder template(String modelId, long version) {
        Map<String, String> transforms = new LinkedHashMap<>();
        transforms.put("click", "identity");
        transforms.put("conversion", "fnc");
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("model.type", "shared-bottom");
        provenance.put("model.seed", "42");
        provenance.put("java.version", "17");
        return SnapshotManifest.newBuilder()
                .setModelId(modelId)
                .setModelType("shared-bottom")
                .setLineageId(LINEAGE)
                .setLineageStartedAt(LINEAGE_STARTED_AT)
                .setVersion(version)
                .setParentLineageId(version > 1 ? LINEAGE : "")
                .setParentVersion(version - 1)
                .setCreatedAt(1_700_000_000_000L + version)
                .setFormat(SnapshotFormat.DL4J_ZIP)
                .setFeatureSpecHash(FEATURE_HASH)
                .setScenarios(List.of("feed", "search"))
                .setTasks(List.of("click", "conversion"))
                .setPredictionTransforms(transforms)
                .setWatermark(1_700_000_000_000L)
                .setExamplesTrained(1000 * version)
                .setProvenance(provenance);
    }

    /** Pseudo-random bytes, the same for the same size and seed. */
    static byte[] artifact(int size, long seed) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    /** The records of a version, with the manifest first (as written). */
    static List<SnapshotRecord> records(SnapshotWriter writer, long version, byte[] artifact) {
        return new ArrayList<>(writer.write(template(version), artifact));
    }

    /** Feeds records and collects every result. */
    static List<AssemblyResult> feed(SnapshotAssembler assembler, List<SnapshotRecord> records) {
        List<AssemblyResult> out = new ArrayList<>();
        for (SnapshotRecord r : records) {
            out.addAll(assembler.accept(r));
        }
        return out;
    }

    static List<VerifiedSnapshot> verified(List<AssemblyResult> results) {
        return results.stream()
                .filter(VerifiedSnapshot.class::isInstance)
                .map(VerifiedSnapshot.class::cast)
                .toList();
    }

    /** The manifest of a version's records. */
    static SnapshotManifest manifestOf(List<SnapshotRecord> records) {
        return (SnapshotManifest) records.get(0).getPayload();
    }

    static List<SnapshotRejection> rejections(List<AssemblyResult> results) {
        return results.stream()
                .filter(SnapshotRejection.class::isInstance)
                .map(SnapshotRejection.class::cast)
                .toList();
    }
}
