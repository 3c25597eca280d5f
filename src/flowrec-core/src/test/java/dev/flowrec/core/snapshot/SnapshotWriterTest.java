package dev.flowrec.core.snapshot;

import static dev.flowrec.core.snapshot.SnapshotTestData.artifact;
import static dev.flowrec.core.snapshot.SnapshotTestData.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotWriterTest {

    @ParameterizedTest(name = "{0} bytes in chunks of {1}")
    @CsvSource({
        "0, 1",
        "0, 1024",
        "1, 1",
        "1, 1024",
        "5, 1",
        "1023, 1024",
        "1024, 1024",
        "1025, 1024",
        "3072, 1024",
        "3079, 1024",
        "10000, 7",
        "100000, 4096"
    })
    void theManifestComesFirstThenChunksCoverTheArtifactInOrder(int size, int chunkSize) {
        byte[] artifact = artifact(size, size);
        List<SnapshotRecord> records =
                SnapshotWriter.unsigned(chunkSize).write(template(3), artifact);

        int expectedChunks = (size + chunkSize - 1) / chunkSize;
        assertThat(records).hasSize(expectedChunks + 1);
        SnapshotManifest manifest = (SnapshotManifest) records.get(0).getPayload();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < expectedChunks; i++) {
            SnapshotChunk chunk = (SnapshotChunk) records.get(i + 1).getPayload();
            byte[] data = Hashes.toArray(chunk.getData());
            assertThat(chunk.getIndex()).isEqualTo(i);
            assertThat(chunk.getModelId()).isEqualTo("ctr");
            assertThat(chunk.getVersion()).isEqualTo(3);
            assertThat(data.length).isBetween(1, chunkSize);
            assertThat(Hashes.toArray(manifest.getChunkSha256().get(i)))
                    .isEqualTo(Hashes.sha256(data));
            joined.writeBytes(data);
        }
        assertThat(joined.toByteArray()).isEqualTo(artifact);
        assertThat(manifest.getChunkCount()).isEqualTo(expectedChunks);
        assertThat(manifest.getTotalSize()).isEqualTo(size);
        assertThat(Hashes.toArray(manifest.getArtifactSha256())).isEqualTo(Hashes.sha256(artifact));
        assertThat(manifest.getFormatVersion()).isEqualTo(SnapshotFormat.CURRENT_VERSION);
        assertThat(manifest.getSignature()).isNull();
        assertThat(manifest.getSigningKeyId()).isNull();
    }

    @Test
    void descriptiveFieldsComeFromTheTemplateUnchanged() {
        SnapshotManifest.Builder template = template(9);
        List<SnapshotRecord> records = SnapshotWriter.unsigned(16).write(template, artifact(40, 1));

        SnapshotManifest manifest = (SnapshotManifest) records.get(0).getPayload();
        assertThat(manifest.getModelType()).isEqualTo("shared-bottom");
        assertThat(manifest.getParentVersion()).isEqualTo(8);
        assertThat(manifest.getFeatureSpecHash()).isEqualTo(SnapshotTestData.FEATURE_HASH);
        assertThat(manifest.getPredictionTransforms())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("click", "identity", "conversion", "fnc"));
        assertThat(manifest.getProvenance()).containsEntry("model.seed", "42");
        assertThat(template.hasChunkCount()).as("the template is not modified").isFalse();
    }

    @Test
    void signedManifestsNameTheirKeyAndVerifyWithItsPublicKeyOnly() {
        List<SnapshotRecord> records =
                SnapshotWriter.signed(16, SnapshotTestData.SIGNER)
                        .write(template(2), artifact(100, 2));

        SnapshotManifest manifest = (SnapshotManifest) records.get(0).getPayload();
        assertThat(manifest.getSigningKeyId()).isEqualTo(SnapshotTestData.KEY_ID);
        assertThat(SnapshotTestData.VERIFIER.verifies(manifest)).isTrue();
        assertThat(
                        SnapshotVerifier.of(
                                        Map.of(
                                                SnapshotTestData.KEY_ID,
                                                SnapshotTestData.FORGER_KEYS.getPublic()))
                                .verifies(manifest))
                .isFalse();
    }

    @Test
    void missingTemplateFieldsAreAllNamed() {
        SnapshotManifest.Builder template = SnapshotManifest.newBuilder().setModelId("ctr");

        assertThatThrownBy(() -> SnapshotWriter.unsigned(16).write(template, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "[model_type, lineage_id, lineage_started_at, version,"
                                + " parent_lineage_id, parent_version, created_at, format,"
                                + " feature_spec_hash, scenarios, tasks, watermark,"
                                + " examples_trained]");
    }

    @Test
    void versionsMustIncreaseFromTheParent() {
        assertThatThrownBy(
                        () ->
                                SnapshotWriter.unsigned(16)
                                        .write(template(5).setParentVersion(5), new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version=5 parent_lineage_id='lineage-a' parent_version=5");
        assertThatThrownBy(
                        () ->
                                SnapshotWriter.unsigned(16)
                                        .write(template(5).setParentLineageId(""), new byte[1]))
                .as("a parent version names its lineage")
                .hasMessageContaining("parent_lineage_id='' parent_version=4");
        assertThatThrownBy(
                        () ->
                                SnapshotWriter.unsigned(16)
                                        .write(template(5).setLineageId(""), new byte[1]))
                .hasMessage("lineage_id must not be empty");
        assertThatThrownBy(() -> SnapshotWriter.unsigned(16).write(template(0), new byte[1]))
                .hasMessageContaining("version=0");
    }

    @Test
    void unknownTransformsAndTransformsOfUnknownTasksAreRefused() {
        assertThatThrownBy(
                        () ->
                                SnapshotWriter.unsigned(16)
                                        .write(
                                                template(1)
                                                        .setPredictionTransforms(
                                                                Map.of("click", "sigmoid")),
                                                new byte[1]))
                .hasMessageContaining("'sigmoid'")
                .hasMessageContaining("[identity, fnc]");
        assertThatThrownBy(
                        () ->
                                SnapshotWriter.unsigned(16)
                                        .write(
                                                template(1)
                                                        .setPredictionTransforms(
                                                                Map.of("like", "identity")),
                                                new byte[1]))
                .hasMessageContaining("'like'");
    }

    @Test
    void chunkSizeMustBePositive() {
        assertThatThrownBy(() -> SnapshotWriter.unsigned(0))
                .hasMessageContaining("maxChunkBytes must be at least 1, got 0");
    }

    @Test
    void chunkDataDoesNotExposeTheArtifactArray() {
        byte[] artifact = artifact(64, 3);
        List<SnapshotRecord> records = SnapshotWriter.unsigned(16).write(template(1), artifact);

        ByteBuffer data = ((SnapshotChunk) records.get(1).getPayload()).getData();
        assertThat(data.array()).hasSize(16);
    }
}
