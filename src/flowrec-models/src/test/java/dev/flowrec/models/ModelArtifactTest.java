package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelArtifactTest {
    private static final ModelSettings SETTINGS =
            SyntheticStream.settings(8, List.of(32, 16), List.of(), 0.005, 1e-4, 42L);
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5};

    @Test
    void headerRoundTripsEverySetting() {
        byte[] bytes = new ModelArtifact(SETTINGS, true, PAYLOAD).toBytes();

        ModelArtifact decoded = ModelArtifact.fromBytes(bytes);

        assertThat(decoded.settings()).isEqualTo(SETTINGS);
        assertThat(decoded.settings().features().canonical()).isEqualTo(SETTINGS.features().canonical());
        assertThat(decoded.withOptimizerState()).isTrue();
        assertThat(decoded.payload()).isEqualTo(PAYLOAD);
        assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(ModelArtifact.MAGIC);
        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(ModelArtifact.CURRENT_VERSION);
    }

    @Test
    void headerRoundTripsExplicitRowsAutoIfsSettingsAndModelState() {
        ModelSettings settings = SETTINGS.withType(ModelType.AUTOIFS).withEmbeddingRows(13_244)
                .withAutoIfs(new AutoIfsSettings(3, List.of(64, 32), 24, 12_345L, 7, 50.0, 0.75, 0.02, 5e-5, 1e-3, 999L, 77));
        byte[] state = {9, 8, 7};

        ModelArtifact decoded = ModelArtifact.fromBytes(new ModelArtifact(settings, false, state, PAYLOAD).toBytes());

        assertThat(decoded.settings()).isEqualTo(settings);
        assertThat(decoded.settings().vocabularySize()).isEqualTo(13_244);
        assertThat(decoded.modelState()).isEqualTo(state);
        assertThat(decoded.payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void modelStateIsCoveredByTheCrc() {
        byte[] bytes = new ModelArtifact(SETTINGS, false, new byte[] {1, 2, 3, 4}, PAYLOAD).toBytes();
        // Layout tail: state length, 4 state bytes, payload length, 5 payload bytes, CRC.
        bytes[bytes.length - 4 - 5 - 4 - 1] ^= 0x01;

        assertThatThrownBy(() -> ModelArtifact.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model artifact payload is corrupt: CRC-32");
    }

    /**
     * A Shared-Bottom artifact written by format version 1 (before embedding rows, AutoIFS settings
     * and the model state existed; generated on 2026-11-24 and frozen, since this build only writes
     * version 2) must keep decoding, with the version-1 defaults, and scoring exactly as it did.
     */
    @Test
    void versionOneArtifactStillDecodesAndScoresIdentically() throws Exception {
        byte[] v1 = readResource("golden/shared-bottom-v1.frma");
        String[] expected = new String(readResource("golden/shared-bottom-v1.probe.txt"), StandardCharsets.UTF_8)
                .strip().split("\n");

        ModelArtifact artifact = ModelArtifact.fromBytes(v1);
        MultiTaskModel model = MultiTaskModels.fromBytes(v1);
        float[][] probs = model.predict(new SyntheticStream(99).batch(8));

        assertThat(ByteBuffer.wrap(v1).getInt(4)).isEqualTo(1);
        assertThat(artifact.settings()).isEqualTo(SyntheticStream.smallSettings(5L));
        assertThat(artifact.settings().embeddingRows()).isZero();
        assertThat(artifact.settings().autoIfs()).isEqualTo(AutoIfsSettings.defaults());
        assertThat(artifact.modelState()).isEmpty();
        for (int i = 0; i < expected.length; i++) {
            assertThat(probs[i][0] + " " + probs[i][1]).as("probe example %d", i).isEqualTo(expected[i]);
        }
    }

    private static byte[] readResource(String name) throws IOException {
        try (InputStream in = ModelArtifactTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = new ModelArtifact(SETTINGS, false, PAYLOAD).toBytes();
        bytes[0] = 'P';
        bytes[1] = 'K';

        assertThatThrownBy(() -> ModelArtifact.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a FlowRec model artifact: magic 0x504B4D41, expected 0x46524D41");
    }

    @Test
    void rejectsUnknownVersionNamingFoundAndSupported() {
        byte[] bytes = new ModelArtifact(SETTINGS, false, PAYLOAD).toBytes();
        ByteBuffer.wrap(bytes).putInt(4, 7);

        assertThatThrownBy(() -> ModelArtifact.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model artifact format version 7 is not supported; this reader supports versions 1 to " + ModelArtifact.CURRENT_VERSION);
    }

    @Test
    void rejectsTruncatedAndCorruptArtifacts() {
        byte[] bytes = new ModelArtifact(SETTINGS, false, PAYLOAD).toBytes();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 6);
        byte[] corrupt = bytes.clone();
        corrupt[bytes.length - 6] ^= 0x10; // last payload byte
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> ModelArtifact.fromBytes(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes remain");
        assertThatThrownBy(() -> ModelArtifact.fromBytes(Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model artifact is truncated (" + (bytes.length - 2) + " bytes)");
        assertThatThrownBy(() -> ModelArtifact.fromBytes(corrupt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model artifact payload is corrupt: CRC-32");
        assertThatThrownBy(() -> ModelArtifact.fromBytes(trailing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model artifact has 1 unexpected bytes after the payload CRC");
        assertThatThrownBy(() -> ModelArtifact.fromBytes(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void multiTaskModelsRejectsWhatIsNotAnArtifact() {
        assertThatThrownBy(() -> MultiTaskModels.fromBytes(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a FlowRec model artifact: magic 0x504B0304");
    }

    @Test
    void createBuildsTheConfiguredType() {
        MultiTaskModel model = MultiTaskModels.create(SyntheticStream.smallSettings(1L));

        assertThat(model.settings()).isEqualTo(SyntheticStream.smallSettings(1L));
        assertThat(model.getClass().getSimpleName()).isEqualTo("SharedBottomModel");
    }
}
