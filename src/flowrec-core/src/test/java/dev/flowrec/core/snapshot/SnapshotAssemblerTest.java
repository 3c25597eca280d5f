package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.FORGER_KEYS;
import static dev.flowrec.core.snapshot.SnapshotTestData.KEY_ID;
import static dev.flowrec.core.snapshot.SnapshotTestData.SIGNER;
import static dev.flowrec.core.snapshot.SnapshotTestData.VERIFIER;
import static dev.flowrec.core.snapshot.SnapshotTestData.artifact;
import static dev.flowrec.core.snapshot.SnapshotTestData.feed;
import static dev.flowrec.core.snapshot.SnapshotTestData.manifestOf;
import static dev.flowrec.core.snapshot.SnapshotTestData.records;
import static dev.flowrec.core.snapshot.SnapshotTestData.rejections;
import static dev.flowrec.core.snapshot.SnapshotTestData.template;
import static dev.flowrec.core.snapshot.SnapshotTestData.verified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotAssemblerTest {

    private static final SnapshotWriter SIGNED = SnapshotWriter.signed(1024, SIGNER);
    private static final SnapshotWriter UNSIGNED = SnapshotWriter.unsigned(1024);

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(0, 1024),
                Arguments.of(1, 1024),
                Arguments.of(1023, 1024),
                Arguments.of(1024, 1024),
                Arguments.of(1025, 1024),
                Arguments.of(4096, 1024),
                Arguments.of(5000, 1024),
                Arguments.of(333, 1),
                Arguments.of(100_000, 7_000),
                Arguments.of(2_000_000, 900 * 1024));
    }

    @ParameterizedTest(name = "{0} bytes in chunks of {1}")
    @MethodSource("sizes")
    void roundTripThroughTheWireFormat(int size, int chunkSize) throws Exception {
        byte[] artifact = artifact(size, 7);
        List<SnapshotRecord> written =
                SnapshotWriter.signed(chunkSize, SIGNER).write(template(4), artifact);
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

        List<AssemblyResult> results = new ArrayList<>();
        for (SnapshotRecord r : written) {
            results.addAll(assembler.accept(SnapshotCodec.decode(SnapshotCodec.encode(r))));
        }

        assertThat(rejections(results)).isEmpty();
        assertThat(verified(results))
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.artifact()).isEqualTo(artifact);
                            assertThat(v.version()).isEqualTo(4);
                            assertThat(v.modelId()).isEqualTo("ctr");
                        });
        assertThat(assembler.pendingVersions()).isZero();
        assertThat(assembler.pendingBytes()).isZero();
        assertThat(assembler.newestVerified("ctr").map(LineagePosition::version)).hasValue(4L);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void anyOrderVerifiesExactlyOnce(long seed) {
        byte[] artifact = artifact(7_777, seed);
        List<SnapshotRecord> records = records(SIGNED, 2, artifact);
        Collections.shuffle(records, new Random(seed));
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

        List<AssemblyResult> results = feed(assembler, records);

        assertThat(rejections(results)).isEmpty();
        assertThat(verified(results))
                .singleElement()
                .satisfies(v -> assertThat(v.artifact()).isEqualTo(artifact));
    }

    @Test
    void aFlippedByteInAnyChunkIsRejectedNamingThatChunkAndNeverServed() {
        byte[] artifact = artifact(5_000, 11);
        int chunks = 5;
        for (int k = 0; k < chunks; k++) {
            List<SnapshotRecord> records = records(SIGNED, 3, artifact);
            SnapshotRecord genuine = records.get(k + 1);
            records.set(k + 1, flipped(genuine, 17));
            SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

            List<AssemblyResult> results = feed(assembler, records);

            assertThat(verified(results)).isEmpty();
            int corrupt = k;
            assertThat(rejections(results))
                    .as("chunk %d corrupted", k)
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.reason()).isEqualTo(RejectReason.CORRUPT_CHUNK);
                                assertThat(r.chunkIndex()).isEqualTo(OptionalInt.of(corrupt));
                                assertThat(r.message()).contains("chunk " + corrupt + " ");
                                assertThat(r.version()).isEqualTo(3);
                            });
            assertThat(assembler.pendingBytes())
                    .isEqualTo(
                            artifact.length
                                    - ((SnapshotChunk) genuine.getPayload()).getData().remaining());
            assertThat(verified(assembler.accept(genuine)))
                    .as("a bad copy does not cancel the version: anyone can write one")
                    .singleElement()
                    .satisfies(v -> assertThat(v.artifact()).isEqualTo(artifact));
        }
    }

    @Test
    void aFlippedChunkBeforeItsManifestIsDroppedNotBuffered() {
        List<SnapshotRecord> records = records(SIGNED, 3, artifact(5_000, 11));
        SnapshotRecord genuine = records.get(2);
        records.set(2, flipped(genuine, 17));
        Collections.rotate(records, -1); // manifest last
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

        assertThat(feed(assembler, records)).isEmpty();
        assertThat(assembler.unauthenticatedChunksDropped()).isEqualTo(1);
        assertThat(assembler.unauthenticatedBytes()).isZero();
        assertThat(verified(assembler.accept(genuine))).hasSize(1);
    }

    @Test
    void aChunkIndexBeyondTheManifestIsCorrupt() {
        List<SnapshotRecord> records = records(SIGNED, 3, artifact(2_000, 1));
        records.add(1, chunk("ctr", 3, 2, new byte[] {1}));

        List<AssemblyResult> results = feed(SnapshotAssembler.builder().build(), records);

        assertThat(rejections(results))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.CORRUPT_CHUNK);
                            assertThat(r.chunkIndex()).hasValue(2);
                            assertThat(r.message()).contains("the manifest has 2 chunks");
                        });
    }

    @Test
    void aMissingChunkNeverYieldsASnapshot() {
        for (int missing = 0; missing < 4; missing++) {
            List<SnapshotRecord> records = records(SIGNED, 1, artifact(4_000, 5));
            records.remove(missing + 1);
            SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

            List<AssemblyResult> results = feed(assembler, records);

            assertThat(results).as("chunk %d missing", missing).isEmpty();
            assertThat(assembler.pendingVersions()).isEqualTo(1);
        }
    }

    @Test
    void anUnsignedManifestIsRejectedWhenAKeyIsConfigured() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

        List<AssemblyResult> results = feed(assembler, records(UNSIGNED, 1, artifact(3_000, 1)));

        assertThat(verified(results)).isEmpty();
        assertThat(rejections(results))
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.UNSIGNED));
    }

    @Test
    void aForgedManifestIsRejectedAndDoesNotCancelTheGenuineOne() {
        byte[] artifact = artifact(3_000, 1);
        List<SnapshotRecord> genuine = records(SIGNED, 1, artifact);
        SnapshotManifest real = manifestOf(genuine);
        SnapshotManifest tampered =
                SnapshotManifest.newBuilder(real).setExamplesTrained(999_999).build();
        SnapshotManifest otherKey =
                SnapshotSigner.of(KEY_ID, FORGER_KEYS.getPrivate()).signed(real);
        SnapshotManifest unknownKey =
                SnapshotSigner.of("forger", FORGER_KEYS.getPrivate()).signed(real);
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

        List<AssemblyResult> results = new ArrayList<>();
        results.addAll(assembler.accept(new SnapshotRecord(tampered)));
        results.addAll(assembler.accept(new SnapshotRecord(otherKey)));
        results.addAll(assembler.accept(new SnapshotRecord(unknownKey)));
        results.addAll(feed(assembler, genuine));

        assertThat(rejections(results))
                .extracting(SnapshotRejection::reason)
                .containsExactly(
                        RejectReason.BAD_SIGNATURE,
                        RejectReason.BAD_SIGNATURE,
                        RejectReason.UNKNOWN_KEY);
        assertThat(rejections(results).get(2).message())
                .isEqualTo(
                        "the manifest is signed with key id 'forger', which is not among the"
                                + " trusted [test-key]");
        assertThat(verified(results))
                .singleElement()
                .satisfies(v -> assertThat(v.artifact()).isEqualTo(artifact));
    }

    @Test
    void aVersionRejectedForItsSignatureIsNotReportedAgainWhenItsChunksAreDropped() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

        List<AssemblyResult> results = new ArrayList<>();
        results.addAll(feed(assembler, records(UNSIGNED, 1, artifact(3_000, 1))));
        results.addAll(feed(assembler, records(SIGNED, 2, artifact(3_000, 2))));

        assertThat(rejections(results))
                .extracting(SnapshotRejection::reason)
                .containsExactly(RejectReason.UNSIGNED);
        assertThat(verified(results)).extracting(VerifiedSnapshot::version).containsExactly(2L);
        assertThat(assembler.pendingBytes()).isZero();
        assertThat(assembler.unauthenticatedBytes())
                .as("v1's chunks waited without a manifest until v2 made them stale")
                .isZero();
    }

    @Test
    void signaturesAreNotCheckedWithoutAKey() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().build();

        List<AssemblyResult> results = new ArrayList<>();
        results.addAll(feed(assembler, records(UNSIGNED, 1, artifact(10, 1))));
        results.addAll(feed(assembler, records(SIGNED, 2, artifact(10, 2))));

        assertThat(verified(results)).extracting(VerifiedSnapshot::version).containsExactly(1L, 2L);
    }

    @Test
    void versionsNotNewerThanTheNewestVerifiedAreStale() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().build();
        feed(assembler, records(UNSIGNED, 5, artifact(2_000, 5)));

        List<AssemblyResult> older = feed(assembler, records(UNSIGNED, 4, artifact(2_000, 4)));
        List<AssemblyResult> again = feed(assembler, records(UNSIGNED, 5, artifact(2_000, 5)));

        assertThat(older)
                .singleElement()
                .isInstanceOfSatisfying(
                        SnapshotRejection.class,
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.STALE_VERSION);
                            assertThat(r.message())
                                    .isEqualTo(
                                            "v4 of lineage lineage-a (started %s) is not newer"
                                                    + " than the newest verified v5 of lineage"
                                                    + " lineage-a (started %1$s)",
                                            java.time.Instant.ofEpochMilli(
                                                    SnapshotTestData.LINEAGE_STARTED_AT));
                        });
        assertThat(again).as("a finished version's records are ignored").isEmpty();
        assertThat(assembler.pendingVersions()).isZero();
    }

    @Test
    void completingAVersionDropsOlderIncompleteOnesAsStale() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().build();
        List<SnapshotRecord> v1 = records(UNSIGNED, 1, artifact(3_000, 1));
        feed(assembler, v1.subList(0, 2));

        List<AssemblyResult> results = feed(assembler, records(UNSIGNED, 2, artifact(3_000, 2)));

        assertThat(verified(results)).extracting(VerifiedSnapshot::version).containsExactly(2L);
        assertThat(rejections(results))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.version()).isEqualTo(1);
                            assertThat(r.reason()).isEqualTo(RejectReason.STALE_VERSION);
                        });
        assertThat(assembler.pendingBytes()).isZero();
    }

    @Test
    void unknownSnapshotFormatVersionsNameFoundAndSupported() {
        List<SnapshotRecord> records = records(UNSIGNED, 1, artifact(10, 1));
        SnapshotManifest m = manifestOf(records);
        SnapshotManifest future = SnapshotManifest.newBuilder(m).setFormatVersion(2).build();

        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();

        List<AssemblyResult> results = assembler.accept(new SnapshotRecord(future));

        assertThat(rejections(results))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.INCOMPATIBLE);
                            assertThat(r.message())
                                    .isEqualTo(
                                            "snapshot format version 2 is not supported; this"
                                                    + " reader supports [1]");
                        });
    }

    @Test
    void incompatibleFeatureSpecArtifactFormatAndTransformAreRejected() {
        SnapshotAssembler expectingOtherSpec =
                SnapshotAssembler.builder().expectedFeatureSpecHash("ffffffffffffffff").build();
        assertThat(rejections(feed(expectingOtherSpec, records(UNSIGNED, 1, artifact(10, 1)))))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.INCOMPATIBLE);
                            assertThat(r.message())
                                    .contains("0123456789abcdef")
                                    .contains("ffffffffffffffff");
                        });

        List<SnapshotRecord> onnx = UNSIGNED.write(template(1).setFormat("onnx"), artifact(10, 1));
        assertThat(rejections(feed(SnapshotAssembler.builder().build(), onnx)))
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.message())
                                        .isEqualTo(
                                                "artifact format 'onnx' is not supported; this"
                                                        + " reader supports [dl4j-zip]"));

        SnapshotManifest m = manifestOf(records(UNSIGNED, 1, artifact(10, 1)));
        SnapshotManifest sigmoid =
                SnapshotManifest.newBuilder(m)
                        .setPredictionTransforms(Map.of("click", "sigmoid"))
                        .build();
        assertThat(SnapshotAssembler.builder().build().accept(new SnapshotRecord(sigmoid)))
                .singleElement()
                .isInstanceOfSatisfying(
                        SnapshotRejection.class,
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.INCOMPATIBLE);
                            assertThat(r.message())
                                    .contains("'sigmoid'")
                                    .contains("[identity, fnc]");
                        });
    }

    @Test
    void aManifestThatContradictsItselfIsMalformed() {
        SnapshotManifest m = manifestOf(records(UNSIGNED, 1, artifact(3_000, 1)));
        SnapshotManifest bad = SnapshotManifest.newBuilder(m).setChunkCount(4).build();

        assertThat(SnapshotAssembler.builder().build().accept(new SnapshotRecord(bad)))
                .singleElement()
                .isInstanceOfSatisfying(
                        SnapshotRejection.class,
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED);
                            assertThat(r.message())
                                    .isEqualTo("chunk_count is 4 but chunk_sha256 has 3 entries");
                        });
    }

    @Test
    void anArtifactAboveTheLimitIsTooLargeFromItsManifestBeforeAnyChunkIsBuffered() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().maxArtifactBytes(2_500).build();
        List<SnapshotRecord> records = records(UNSIGNED, 1, artifact(3_000, 1));

        List<AssemblyResult> results = feed(assembler, records);

        assertThat(rejections(results))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.TOO_LARGE);
                            assertThat(r.message()).contains("3000 bytes").contains("2500");
                        });
        assertThat(assembler.pendingBytes()).isZero();
        assertThat(assembler.unauthenticatedBytes()).isZero();
    }

    @Test
    void aChunkThatWouldOverrunItsManifestsSizeIsCorruptBeforeItIsCopied() {
        List<SnapshotRecord> records = records(SIGNED, 1, artifact(1_500, 1));
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();
        assembler.accept(records.get(0));
        assembler.accept(records.get(1));

        List<AssemblyResult> results = assembler.accept(chunk("ctr", 1, 1, new byte[600]));

        assertThat(rejections(results))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.CORRUPT_CHUNK);
                            assertThat(r.message())
                                    .contains("above the manifest's total_size 1500");
                        });
        assertThat(assembler.pendingBytes())
                .as("chunk 0 waits for a good copy of 1")
                .isEqualTo(1024);
    }

    @Test
    void thePendingVersionCapEvictsTheLeastRecentlyUpdated() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().maxPendingVersions(2).build();
        List<SnapshotRecord> v1 = records(UNSIGNED, 1, artifact(3_000, 1));
        List<SnapshotRecord> v2 = records(UNSIGNED, 2, artifact(3_000, 2));
        List<SnapshotRecord> v3 = records(UNSIGNED, 3, artifact(3_000, 3));

        assertThat(assembler.accept(v1.get(0))).isEmpty();
        assertThat(assembler.accept(v2.get(0))).isEmpty();
        assertThat(assembler.accept(v1.get(1))).isEmpty(); // v1 is now the most recently updated
        List<AssemblyResult> results = assembler.accept(v3.get(0));

        assertThat(rejections(results))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.version()).isEqualTo(2);
                            assertThat(r.reason()).isEqualTo(RejectReason.INCOMPLETE);
                            assertThat(r.message()).contains("0 of 3 chunks");
                        });
        assertThat(assembler.pendingVersions()).isEqualTo(2);
        assertThat(feed(assembler, v2)).as("an evicted version stays finished").isEmpty();
        assertThat(verified(feed(assembler, v1.subList(2, v1.size()))))
                .extracting(VerifiedSnapshot::version)
                .containsExactly(1L);
    }

    @Test
    void thePendingByteCapEvictsAndNeverExceedsTheCap() {
        SnapshotAssembler assembler =
                SnapshotAssembler.builder()
                        .maxArtifactBytes(4_000)
                        .maxPendingBytes(5_000)
                        .maxPendingVersions(100)
                        .build();
        List<SnapshotRejection> evicted = new ArrayList<>();
        for (long v = 1; v <= 20; v++) {
            List<SnapshotRecord> partial = records(UNSIGNED, v, artifact(3_000, v)).subList(0, 3);
            evicted.addAll(rejections(feed(assembler, partial)));
            assertThat(assembler.pendingBytes()).isLessThanOrEqualTo(5_000);
        }

        assertThat(evicted)
                .hasSize(18)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.INCOMPLETE));
        assertThat(assembler.pendingVersions()).isEqualTo(2);
    }

    @Test
    void otherModelsAreIgnoredWhenAModelIdIsSet() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().modelId("ctr").build();
        List<SnapshotRecord> other = UNSIGNED.write(template("cvr", 1), artifact(3_000, 1));

        assertThat(feed(assembler, other)).isEmpty();
        assertThat(assembler.pendingVersions()).isZero();
    }

    @Test
    void severalModelsAssembleIndependentlyWithoutAModelId() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().build();
        List<SnapshotRecord> a = UNSIGNED.write(template("ctr", 7), artifact(3_000, 1));
        List<SnapshotRecord> b = UNSIGNED.write(template("cvr", 3), artifact(2_000, 2));
        List<SnapshotRecord> interleaved = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                interleaved.add(a.get(i));
            }
            if (i < b.size()) {
                interleaved.add(b.get(i));
            }
        }

        assertThat(verified(feed(assembler, interleaved)))
                .extracting(VerifiedSnapshot::modelId)
                .containsExactlyInAnyOrder("ctr", "cvr");
        assertThat(assembler.newestVerified("cvr").map(LineagePosition::version)).hasValue(3L);
    }

    @Test
    void duplicateChunksAndManifestsAreIgnored() {
        List<SnapshotRecord> records = records(UNSIGNED, 1, artifact(3_000, 1));
        List<SnapshotRecord> doubled = new ArrayList<>();
        doubled.add(records.get(1));
        doubled.add(records.get(0));
        doubled.add(records.get(0));
        doubled.add(records.get(1));
        doubled.add(records.get(2));
        doubled.add(records.get(3));

        List<AssemblyResult> results = feed(SnapshotAssembler.builder().build(), doubled);

        assertThat(rejections(results)).isEmpty();
        assertThat(verified(results)).hasSize(1);
    }

    @Test
    void negativeChunkIndexesAreMalformedButCancelNothing() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();
        List<SnapshotRecord> records = records(SIGNED, 1, artifact(2_000, 1));

        assertThat(assembler.accept(chunk("ctr", 1, -1, new byte[1])))
                .as("before its manifest: dropped")
                .isEmpty();
        assertThat(assembler.accept(records.get(0))).isEmpty();
        List<AssemblyResult> results =
                new ArrayList<>(assembler.accept(chunk("ctr", 1, -1, new byte[1])));
        results.addAll(feed(assembler, records.subList(1, records.size())));

        assertThat(rejections(results))
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.MALFORMED));
        assertThat(verified(results)).hasSize(1);
        assertThat(assembler.unauthenticatedChunksDropped()).isEqualTo(1);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> SnapshotAssembler.builder().maxPendingVersions(0))
                .hasMessage("maxPendingVersions must be at least 1, got 0");
        assertThatThrownBy(
                        () ->
                                SnapshotAssembler.builder()
                                        .maxArtifactBytes(100)
                                        .maxPendingBytes(99)
                                        .build())
                .hasMessage("maxPendingBytes (99) must be at least maxArtifactBytes (100)");
        assertThatThrownBy(() -> SnapshotAssembler.builder().artifactFormats(Set.of()))
                .hasMessageContaining("at least one format");
        assertThatThrownBy(() -> SnapshotAssembler.builder().maxArtifactBytes(Long.MAX_VALUE))
                .hasMessageContaining("maxArtifactBytes must be in [1, 2147483639]");
    }

    @Test
    void manyVersionsInARowAllVerify() {
        SnapshotAssembler assembler = SnapshotAssembler.builder().verifier(VERIFIER).build();
        List<AssemblyResult> results = new ArrayList<>();
        IntStream.rangeClosed(1, 30)
                .forEach(v -> results.addAll(feed(assembler, records(SIGNED, v, artifact(v, v)))));

        assertThat(verified(results)).hasSize(30);
        assertThat(rejections(results)).isEmpty();
    }

    @Test
    void aChunkFloodForForgedVersionsCannotEvictAGenuineVersion() {
        byte[] artifact = artifact(8_000, 3);
        List<SnapshotRecord> genuine = records(SIGNED, 5, artifact);
        SnapshotAssembler assembler =
                SnapshotAssembler.builder()
                        .verifier(VERIFIER)
                        .maxPendingVersions(1)
                        .unauthenticatedBudget(2, 8, 4_096)
                        .build();
        List<AssemblyResult> results = new ArrayList<>(feed(assembler, genuine.subList(0, 4)));

        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            // Forged versions of the genuine lineage (even the next number) and of made-up ones,
            // with zero-length chunks among them.
            String lineage = i % 2 == 0 ? SnapshotTestData.LINEAGE : "forged-" + (i % 997);
            byte[] data = new byte[i % 3 == 0 ? 0 : random.nextInt(2_000)];
            results.addAll(
                    assembler.accept(
                            new SnapshotRecord(
                                    new SnapshotChunk(
                                            "ctr",
                                            lineage,
                                            6L + i % 500,
                                            i % 40,
                                            ByteBuffer.wrap(data)))));
            assertThat(assembler.unauthenticatedVersions()).isLessThanOrEqualTo(2);
            assertThat(assembler.unauthenticatedBytes()).isLessThanOrEqualTo(4_096);
        }
        results.addAll(feed(assembler, genuine.subList(4, genuine.size())));

        assertThat(rejections(results)).as("the flood is counted, not reported").isEmpty();
        assertThat(assembler.unauthenticatedChunksDropped()).isGreaterThan(19_000);
        assertThat(verified(results))
                .singleElement()
                .satisfies(v -> assertThat(v.artifact()).isEqualTo(artifact));
    }

    @Test
    void zeroLengthChunksCountAgainstTheUnauthenticatedBudget() {
        SnapshotAssembler assembler =
                SnapshotAssembler.builder().unauthenticatedBudget(4, 16, 1_000).build();

        for (int i = 0; i < 1_000; i++) {
            assembler.accept(chunk("ctr", 9, i, new byte[0]));
        }

        assertThat(assembler.unauthenticatedVersions()).isEqualTo(1);
        assertThat(assembler.unauthenticatedChunksDropped()).isEqualTo(1_000 - 16);
    }

    @Test
    void aFloodedFutureVersionStillOpensWhenItsGenuineManifestComes() {
        List<SnapshotRecord> next = records(SIGNED, 2, artifact(3_000, 2));
        SnapshotAssembler assembler =
                SnapshotAssembler.builder()
                        .verifier(VERIFIER)
                        .unauthenticatedBudget(1, 4, 10_000)
                        .build();
        // Forged chunks for the version the job will publish next, then enough other forged
        // versions to evict them: neither may keep the genuine version from opening.
        assembler.accept(chunk("ctr", 2, 0, new byte[1_024]));
        assembler.accept(chunk("ctr", 2, 1, new byte[1_024]));
        for (int v = 100; v < 200; v++) {
            assembler.accept(chunk("ctr", v, 0, new byte[10]));
        }
        assembler.accept(chunk("ctr", 2, 2, new byte[952]));

        List<AssemblyResult> results = feed(assembler, next);

        assertThat(rejections(results)).isEmpty();
        assertThat(verified(results)).extracting(VerifiedSnapshot::version).containsExactly(2L);
    }

    @Test
    void aModelTypeOrTaskListThisReaderCannotServeIsIncompatible() {
        List<SnapshotRecord> records = records(UNSIGNED, 1, artifact(10, 1));
        SnapshotAssembler otherType =
                SnapshotAssembler.builder().modelTypes(Set.of("mmoe", "ple")).build();
        SnapshotAssembler moreTasks =
                SnapshotAssembler.builder().requiredTasks(List.of("click", "dwell")).build();
        SnapshotAssembler fewerTasks =
                SnapshotAssembler.builder()
                        .modelTypes(Set.of("shared-bottom"))
                        .requiredTasks(List.of("conversion"))
                        .build();

        assertThat(rejections(feed(otherType, records)))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.INCOMPATIBLE);
                            assertThat(r.message())
                                    .isEqualTo(
                                            "model type 'shared-bottom' cannot be served here;"
                                                    + " this reader serves [mmoe, ple]");
                        });
        assertThat(rejections(feed(moreTasks, records)))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.INCOMPATIBLE);
                            assertThat(r.message())
                                    .isEqualTo(
                                            "the snapshot scores tasks [click, conversion] but"
                                                    + " this reader must score [click, dwell];"
                                                    + " missing [dwell]");
                        });
        assertThat(verified(feed(fewerTasks, records))).hasSize(1);
    }

    private static SnapshotRecord chunk(String model, long version, int index, byte[] data) {
        return new SnapshotRecord(
                new SnapshotChunk(
                        model, SnapshotTestData.LINEAGE, version, index, ByteBuffer.wrap(data)));
    }

    private static SnapshotRecord flipped(SnapshotRecord record, int at) {
        SnapshotChunk c = (SnapshotChunk) record.getPayload();
        byte[] data = Hashes.toArray(c.getData());
        data[at % data.length] ^= 0x01;
        return chunk(c.getModelId(), c.getVersion(), c.getIndex(), data);
    }
}
