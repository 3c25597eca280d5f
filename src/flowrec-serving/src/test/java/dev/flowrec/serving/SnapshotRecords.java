package dev.flowrec.serving;

import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.SnapshotFormat;
import dev.flowrec.core.snapshot.SnapshotKeys;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotVerifier;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Snapshot records of {@link FakeModel}s, as the trainer would publish them. */
final class SnapshotRecords {

    static final String MODEL = "ctr";
    static final int CHUNK = 8;
    static final String LINEAGE = "lineage-a";

    /** The job's key pair in these tests, and a forger's. */
    static final KeyPair KEYS = SnapshotKeys.generate();

    static final KeyPair FORGER_KEYS = SnapshotKeys.generate();
    static final String KEY_ID = "k1";
    static final SnapshotSigner SIGNER = SnapshotSigner.of(KEY_ID, KEYS.getPrivate());
    static final SnapshotVerifier VERIFIER = SnapshotVerifier.of(Map.of(KEY_ID, KEYS.getPublic()));

    private SnapshotRecords() {}

    static SnapshotManifest.Builder template(String modelId, long version) {
        return SnapshotManifest.newBuilder()
                .setModelId(modelId)
                .setModelType("shared-bottom")
                .setLineageId(LINEAGE)
                .setLineageStartedAt(1_700_000_000_000L)
                .setVersion(version)
                .setParentLineageId(version > 1 ? LINEAGE : "")
                .setParentVersion(version - 1)
                .setCreatedAt(System.currentTimeMillis())
                .setFormat(SnapshotFormat.DL4J_ZIP)
                .setFeatureSpecHash(FakeModel.SETTINGS.features().hash())
                .setScenarios(FakeModel.SCENARIOS)
                .setTasks(FakeModel.TASKS)
                .setPredictionTransforms(Map.of("click", "identity", "conversion", "fnc"))
                .setWatermark(0)
                .setExamplesTrained(100 * version);
    }

    /** Records of one version of a fake model answering {@code output}, manifest first. */
    static List<SnapshotRecord> version(long version, float output) {
        return version(SnapshotWriter.unsigned(CHUNK), MODEL, version, FakeModel.artifact(output));
    }

    static List<SnapshotRecord> version(
            SnapshotWriter writer, String modelId, long version, byte[] artifact) {
        return new ArrayList<>(writer.write(template(modelId, version), artifact));
    }

    /** The same records with one byte of chunk {@code index} flipped. */
    static List<SnapshotRecord> corruptChunk(List<SnapshotRecord> records, int index) {
        List<SnapshotRecord> out = new ArrayList<>(records);
        // The manifest comes first, so chunk i is record i + 1.
        SnapshotChunk c = (SnapshotChunk) out.get(index + 1).getPayload();
        ByteBuffer data = c.getData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        bytes[0] ^= 0x40;
        out.set(
                index + 1,
                new SnapshotRecord(
                        new SnapshotChunk(
                                c.getModelId(),
                                c.getLineageId(),
                                c.getVersion(),
                                c.getIndex(),
                                ByteBuffer.wrap(bytes))));
        return out;
    }

    static byte[] encode(SnapshotRecord record) {
        return SnapshotCodec.encode(record);
    }
}
