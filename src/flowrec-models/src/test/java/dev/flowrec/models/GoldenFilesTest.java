package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.models.autoifs.AutoIfsModel;
import dev.flowrec.models.autoifs.AutoIfsPhase;
import dev.flowrec.models.training.OnlineTrainer;
import dev.flowrec.models.training.PredictionListener;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden files of {@link GoldenFiles} decode with this build and score their probe batch as
 * they did when written, within {@link GoldenFiles#SCORE_TOLERANCE} (which says why it is that
 * size).
 */
class GoldenFilesTest {
    static Stream<String> artifacts() {
        return GoldenFiles.artifactSettings().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("artifacts")
    void artifactOfEveryModelTypeDecodesWithItsSettingsAndScoresItsProbe(String name) {
        byte[] bytes = GoldenFiles.read(name + ".frma");

        ModelArtifact artifact = ModelArtifact.fromBytes(bytes);
        MultiTaskModel model = MultiTaskModels.fromBytes(bytes);

        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(ModelArtifact.CURRENT_VERSION);
        assertThat(artifact.settings()).isEqualTo(GoldenFiles.artifactSettings().get(name));
        assertThat(artifact.withOptimizerState()).isFalse();
        GoldenFiles.assertProbeScores(model.predict(GoldenFiles.probe()), name + ".frma");
    }

    @Test
    void trainerCheckpointRestoresCountersBufferModelStateAndScores() {
        String file = GoldenFiles.CHECKPOINT + ".frtc";

        OnlineTrainer trainer =
                OnlineTrainer.restore(
                        GoldenFiles.read(file),
                        GoldenFiles.CHECKPOINT_BATCH,
                        PredictionListener.NONE);

        assertThat(trainer.steps()).isEqualTo(4);
        assertThat(trainer.examplesTrained()).isEqualTo(4L * GoldenFiles.CHECKPOINT_BATCH);
        assertThat(trainer.buffered())
                .isEqualTo(GoldenFiles.checkpointExamples() % GoldenFiles.CHECKPOINT_BATCH);
        AutoIfsModel model = (AutoIfsModel) trainer.model();
        assertThat(model.settings()).isEqualTo(GoldenFiles.autoIfs());
        assertThat(model.phase()).isEqualTo(AutoIfsPhase.SEARCH);
        assertThat(model.examplesSeen()).isEqualTo(4L * GoldenFiles.CHECKPOINT_BATCH);
        GoldenFiles.assertProbeScores(model.predict(GoldenFiles.probe()), file);
    }

    /** Not a test: rewrites the golden files (see {@link GoldenFiles} for when and how). */
    @Test
    @EnabledIfSystemProperty(named = "flowrec.golden.regenerate", matches = "true")
    void regenerate() throws Exception {
        GoldenFiles.writeAll(Path.of("src/test/resources/golden"));
    }
}
