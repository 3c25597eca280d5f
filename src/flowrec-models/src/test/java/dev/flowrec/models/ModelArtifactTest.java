package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import java.nio.ByteBuffer;
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
        assertThat(decoded.settings().features().canonical())
                .isEqualTo(SETTINGS.features().canonical());
        assertThat(decoded.withOptimizerState()).isTrue();
        assertThat(decoded.payload()).isEqualTo(PAYLOAD);
        assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(ModelArtifact.MAGIC);
        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(ModelArtifact.CURRENT_VERSION);
    }

    @Test
    void explicitRowsAndAModelsOwnSettingsRoundTripThroughItsStateBlock() {
        ModelSettings settings =
                SETTINGS.toBuilder()
                        .type(ModelType.AUTOIFS)
                        .embeddingRows(200)
                        .architecture(
                                new AutoIfsSettings(
                                        3,
                                        List.of(16, 8),
                                        12,
                                        12_345L,
                                        7,
                                        50.0,
                                        0.75,
                                        0.02,
                                        5e-5,
                                        1e-3,
                                        999L,
                                        77))
                        .build();

        ModelArtifact decoded =
                ModelArtifact.fromBytes(MultiTaskModels.create(settings).toBytes(false));

        assertThat(decoded.settings()).isEqualTo(settings);
        assertThat(decoded.settings().vocabularySize()).isEqualTo(200);
        assertThat(decoded.modelState()).isNotEmpty();
    }

    @Test
    void modelStateIsCoveredByTheCrc() {
        byte[] bytes =
                new ModelArtifact(SETTINGS, false, new byte[] {1, 2, 3, 4}, PAYLOAD).toBytes();
        // Layout tail: 4 state bytes, the payload's one-byte length, 5 payload bytes, CRC.
        bytes[bytes.length - 4 - 5 - 1 - 1] ^= 0x01;

        assertThatThrownBy(() -> ModelArtifact.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model artifact is corrupt or truncated: CRC-32");
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
                .hasMessage(
                        "model artifact format version 7 is not supported; this reader supports"
                                + " version "
                                + ModelArtifact.CURRENT_VERSION);
    }

    @Test
    void rejectsTruncatedCorruptAndOverlongArtifacts() {
        byte[] bytes = new ModelArtifact(SETTINGS, false, PAYLOAD).toBytes();
        byte[] corrupt = bytes.clone();
        corrupt[bytes.length - 5] ^= 0x10; // last payload byte

        for (byte[] damaged :
                List.of(
                        Arrays.copyOf(bytes, bytes.length - 6),
                        Arrays.copyOf(bytes, bytes.length - 2),
                        corrupt,
                        Arrays.copyOf(bytes, bytes.length + 1))) {
            assertThatThrownBy(() -> ModelArtifact.fromBytes(damaged))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("model artifact is corrupt or truncated: CRC-32");
        }
        assertThatThrownBy(() -> ModelArtifact.fromBytes(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void multiTaskModelsRejectsWhatIsNotAnArtifact() {
        assertThatThrownBy(
                        () ->
                                MultiTaskModels.fromBytes(
                                        new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
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
