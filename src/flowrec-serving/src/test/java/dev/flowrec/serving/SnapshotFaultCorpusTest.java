package dev.flowrec.serving;

import static dev.flowrec.serving.SnapshotRecords.FORGER_KEYS;
import static dev.flowrec.serving.SnapshotRecords.KEY_ID;
import static dev.flowrec.serving.SnapshotRecords.MODEL;
import static dev.flowrec.serving.SnapshotRecords.SIGNER;
import static dev.flowrec.serving.SnapshotRecords.VERIFIER;
import static dev.flowrec.serving.SnapshotRecords.corruptChunk;
import static dev.flowrec.serving.SnapshotRecords.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.snapshot.RejectReason;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.SnapshotSigner;
import dev.flowrec.core.snapshot.SnapshotWriter;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault corpus of issue 14: every way a snapshot on the topic can be damaged, forged, replayed
 * or unservable, fed to a subscriber's registry (keys configured, a feature spec expected, both
 * tasks required) that serves a genuine v5. Each fault must be rejected with its reason while v5
 * keeps serving; the benign ones (reordered or duplicated records, a flood of forged chunks) must
 * still load the genuine next version. Records are fed the way {@code TopicFollower} feeds them:
 * decoded from bytes, undecodable ones rejected.
 */
class SnapshotFaultCorpusTest {

    private static final SnapshotWriter SIGNED =
            SnapshotWriter.signed(SnapshotRecords.CHUNK, SIGNER);
    private static final SnapshotWriter UNSIGNED = SnapshotWriter.unsigned(SnapshotRecords.CHUNK);
    private static final long MAX_ARTIFACT_BYTES = 512;

    private final RecordingListener listener = new RecordingListener();

    private final ModelRegistry registry =
            new ModelRegistry(
                    "flowrec.snapshots",
                    () ->
                            SnapshotAssembler.builder()
                                    .modelId(MODEL)
                                    .verifier(VERIFIER)
                                    .expectedFeatureSpecHash(FakeModel.SETTINGS.features().hash())
                                    .modelTypes(Set.of("shared-bottom", "mmoe"))
                                    .requiredTasks(FakeModel.TASKS)
                                    .maxArtifactBytes(MAX_ARTIFACT_BYTES)
                                    .maxPendingVersions(1)
                                    .unauthenticatedBudget(2, 8, 1_024)
                                    .build(),
                    FakeModel::load,
                    3,
                    listener,
                    Clock.systemUTC());

    static Stream<Arguments> faults() {
        return Stream.of(
                fault("flipped byte", RejectReason.CORRUPT_CHUNK, () -> corruptChunk(next(), 1)),
                fault("truncated chunk", RejectReason.CORRUPT_CHUNK, () -> truncated(next(), 2)),
                fault(
                        "missing chunk (evicted by the next manifest)",
                        RejectReason.INCOMPLETE,
                        () -> {
                            List<SnapshotRecord> records = next();
                            records.remove(2);
                            records.add(genuine(7, 0.7f).get(0));
                            return records;
                        }),
                fault(
                        "chunks relabelled in another order",
                        RejectReason.CORRUPT_CHUNK,
                        () -> swappedIndexes(next(), 0, 1)),
                fault(
                        "signed with another key under the genuine key id",
                        RejectReason.BAD_SIGNATURE,
                        () ->
                                written(
                                        SnapshotWriter.signed(8, forger(KEY_ID)),
                                        template(MODEL, 6))),
                fault(
                        "manifest changed after signing",
                        RejectReason.BAD_SIGNATURE,
                        () -> {
                            List<SnapshotRecord> records = next();
                            SnapshotManifest m = (SnapshotManifest) records.get(0).getPayload();
                            m.setExamplesTrained(m.getExamplesTrained() + 1);
                            return records;
                        }),
                fault(
                        "unsigned",
                        RejectReason.UNSIGNED,
                        () -> written(UNSIGNED, template(MODEL, 6))),
                fault(
                        "unknown key id",
                        RejectReason.UNKNOWN_KEY,
                        () -> written(SnapshotWriter.signed(8, forger("k2")), template(MODEL, 6))),
                fault(
                        "oversize artifact",
                        RejectReason.TOO_LARGE,
                        () -> SIGNED.write(template(MODEL, 6), new byte[2_000])),
                fault(
                        "oversize chunk",
                        RejectReason.CORRUPT_CHUNK,
                        () -> {
                            List<SnapshotRecord> records = next();
                            records.set(1, chunk(6, 0, new byte[(int) MAX_ARTIFACT_BYTES + 1]));
                            return records;
                        }),
                fault(
                        "incompatible feature spec",
                        RejectReason.INCOMPATIBLE,
                        () -> written(SIGNED, template(MODEL, 6).setFeatureSpecHash("ffff"))),
                fault(
                        "incompatible model type",
                        RejectReason.INCOMPATIBLE,
                        () -> written(SIGNED, template(MODEL, 6).setModelType("dtrn"))),
                fault(
                        "incompatible task list",
                        RejectReason.INCOMPATIBLE,
                        () ->
                                SIGNED.write(
                                        template(MODEL, 6)
                                                .setTasks(List.of("click"))
                                                .setPredictionTransforms(
                                                        Map.of("click", "identity")),
                                        FakeModel.artifact(0.6f, List.of("click")))),
                fault(
                        "incompatible artifact format",
                        RejectReason.INCOMPATIBLE,
                        () -> written(SIGNED, template(MODEL, 6).setFormat("onnx"))),
                fault(
                        "artifact holds another model than its manifest says",
                        RejectReason.INCOMPATIBLE,
                        () -> written(SIGNED, template(MODEL, 6).setModelType("mmoe"))),
                fault("replayed old version", RejectReason.STALE_VERSION, () -> genuine(3, 0.3f)),
                fault(
                        "hostile Avro length: a 2 GB model id",
                        RejectReason.MALFORMED,
                        () ->
                                List.of(
                                        hostile(
                                                new byte[] {
                                                    0,
                                                    (byte) 0x80,
                                                    (byte) 0xD0,
                                                    (byte) 0xAC,
                                                    (byte) 0xF3,
                                                    0x0E
                                                }))),
                fault(
                        "hostile Avro length: a 2 GB chunk",
                        RejectReason.MALFORMED,
                        () ->
                                List.of(
                                        hostile(
                                                new byte[] {
                                                    2,
                                                    6,
                                                    'c',
                                                    't',
                                                    'r',
                                                    2,
                                                    'l',
                                                    12,
                                                    0,
                                                    (byte) 0x80,
                                                    (byte) 0xD0,
                                                    (byte) 0xAC,
                                                    (byte) 0xF3,
                                                    0x0E
                                                }))),
                fault(
                        "hostile Avro length: negative",
                        RejectReason.MALFORMED,
                        () ->
                                List.of(
                                        hostile(
                                                new byte[] {
                                                    2, 6, 'c', 't', 'r', 2, 'l', 12, 0, 3
                                                }))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachFaultIsRejectedWithItsReasonAndTheServedModelIsUnchanged(
            String name, RejectReason reason, Supplier<List<Object>> records) {
        LoadedModel serving = servingV5();

        records.get().forEach(this::feed);

        assertThat(listener.rejected).as(name).extracting(r -> r.reason()).containsExactly(reason);
        assertThat(registry.currentOrNull()).as(name).isSameAs(serving);
        assertThat(((FakeModel) registry.currentOrNull().model()).output).isEqualTo(0.5f);
    }

    static Stream<Arguments> benign() {
        return Stream.of(
                fault(
                        "records reordered",
                        null,
                        () -> {
                            List<SnapshotRecord> records = next();
                            Collections.reverse(records.subList(1, records.size()));
                            return records;
                        }),
                fault(
                        "manifest after its chunks",
                        null,
                        () -> {
                            List<SnapshotRecord> records = next();
                            Collections.rotate(records, -1);
                            return records;
                        }),
                fault(
                        "duplicate chunks and manifest",
                        null,
                        () -> {
                            List<SnapshotRecord> records = next();
                            List<SnapshotRecord> doubled = new ArrayList<>();
                            for (SnapshotRecord r : records) {
                                doubled.add(r);
                                doubled.add(r);
                            }
                            return doubled;
                        }),
                fault("chunk flood for forged versions", null, SnapshotFaultCorpusTest::flooded),
                fault(
                        "a forged copy of a genuine chunk ahead of it",
                        null,
                        () -> {
                            List<SnapshotRecord> records = next();
                            records.add(2, chunk(6, 1, new byte[SnapshotRecords.CHUNK]));
                            return records;
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benign")
    void benignDisorderAndForgedFloodsStillLoadTheGenuineNextVersion(
            String name, RejectReason ignored, Supplier<List<Object>> records) {
        servingV5();

        records.get().forEach(this::feed);

        assertThat(registry.currentVersion()).as(name).isEqualTo(6);
        assertThat(((FakeModel) registry.currentOrNull().model()).output).isEqualTo(0.6f);
        assertThat(registry.loadedCount()).isEqualTo(2);
        assertThat(listener.rejected)
                .as(name)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.CORRUPT_CHUNK));
    }

    private LoadedModel servingV5() {
        genuine(5, 0.5f).forEach(this::feed);
        assertThat(registry.currentVersion()).isEqualTo(5);
        assertThat(listener.rejected).isEmpty();
        return registry.currentOrNull();
    }

    /** As the subscriber's polling thread does: decode, then assemble or count as malformed. */
    private void feed(Object record) {
        byte[] bytes =
                record instanceof SnapshotRecord r ? SnapshotCodec.encode(r) : (byte[]) record;
        SnapshotRecord decoded;
        try {
            decoded = SnapshotCodec.decode(bytes);
        } catch (IOException e) {
            registry.rejectUndecodable(MODEL, "flowrec.snapshots-0@0", e.getMessage());
            return;
        }
        registry.offer(decoded);
    }

    private static Arguments fault(
            String name, RejectReason reason, Supplier<? extends List<?>> records) {
        return Arguments.of(name, reason, records);
    }

    private static List<SnapshotRecord> genuine(long version, float output) {
        return new ArrayList<>(SIGNED.write(template(MODEL, version), FakeModel.artifact(output)));
    }

    /** The genuine version after the one served. */
    private static List<SnapshotRecord> next() {
        return genuine(6, 0.6f);
    }

    private static List<SnapshotRecord> written(
            SnapshotWriter writer, SnapshotManifest.Builder template) {
        return new ArrayList<>(writer.write(template, FakeModel.artifact(0.6f)));
    }

    private static SnapshotSigner forger(String keyId) {
        return SnapshotSigner.of(keyId, FORGER_KEYS.getPrivate());
    }

    private static SnapshotRecord chunk(long version, int index, byte[] data) {
        return new SnapshotRecord(
                new SnapshotChunk(
                        MODEL, SnapshotRecords.LINEAGE, version, index, ByteBuffer.wrap(data)));
    }

    private static List<SnapshotRecord> truncated(List<SnapshotRecord> records, int chunk) {
        SnapshotChunk c = (SnapshotChunk) records.get(chunk + 1).getPayload();
        byte[] data = new byte[c.getData().remaining() / 2];
        c.getData().duplicate().get(data);
        records.set(chunk + 1, chunk(c.getVersion(), c.getIndex(), data));
        return records;
    }

    private static List<SnapshotRecord> swappedIndexes(List<SnapshotRecord> records, int a, int b) {
        SnapshotChunk ca = (SnapshotChunk) records.get(a + 1).getPayload();
        SnapshotChunk cb = (SnapshotChunk) records.get(b + 1).getPayload();
        records.set(a + 1, chunk(6, a, bytes(cb)));
        records.set(b + 1, chunk(6, b, bytes(ca)));
        return records;
    }

    private static byte[] bytes(SnapshotChunk c) {
        byte[] out = new byte[c.getData().remaining()];
        c.getData().duplicate().get(out);
        return out;
    }

    /** The genuine manifest, a flood of forged chunks for other versions, then its chunks. */
    private static List<SnapshotRecord> flooded() {
        List<SnapshotRecord> records = next();
        List<SnapshotRecord> out = new ArrayList<>(records.subList(0, 2));
        Random random = new Random(14);
        for (int i = 0; i < 5_000; i++) {
            String lineage = i % 2 == 0 ? SnapshotRecords.LINEAGE : "forged-" + i % 101;
            out.add(
                    new SnapshotRecord(
                            new SnapshotChunk(
                                    MODEL,
                                    lineage,
                                    7L + i % 300,
                                    i % 50,
                                    ByteBuffer.wrap(
                                            new byte[i % 4 == 0 ? 0 : random.nextInt(64)]))));
        }
        out.addAll(records.subList(2, records.size()));
        return out;
    }

    /** A genuine single-object header, then hand-made record bytes. */
    private static byte[] hostile(byte[] body) {
        byte[] header = Arrays.copyOf(SnapshotCodec.encode(genuine(1, 0.1f).get(0)), 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
