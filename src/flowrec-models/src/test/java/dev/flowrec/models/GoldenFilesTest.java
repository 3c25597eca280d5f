package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * they did when written. Scores are compared within {@link #SCORE_TOLERANCE}: the files were
 * written on one CPU and are read on another, whose BLAS kernels (AVX2 vs AVX-512, with or without
 * FMA) sum in another order and give float results a few ulp apart (a difference of 6e-8 was seen
 * on a probability of 0.45). 1e-5 is over a hundred times that, yet far below what a decoding
 * mistake or a changed network would move a probability (1e-3 and more).
 */
class GoldenFilesTest {
    private static final double SCORE_TOLERANCE = 1e-5;

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
        assertScores(model.predict(GoldenFiles.probe()), GoldenFiles.probeScores(name + ".frma"));
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
        assertScores(model.predict(GoldenFiles.probe()), GoldenFiles.probeScores(file));
    }

    private static void assertScores(float[][] actual, float[][] expected) {
        assertThat(actual).hasSameDimensionsAs(expected);
        for (int i = 0; i < expected.length; i++) {
            for (int t = 0; t < expected[i].length; t++) {
                assertThat((double) actual[i][t])
                        .as("probe example %d, task %d", i, t)
                        .isCloseTo(expected[i][t], within(SCORE_TOLERANCE));
            }
        }
    }

    /** Not a test: rewrites the golden files (see {@link GoldenFiles} for when and how). */
    @Test
    @EnabledIfSystemProperty(named = "flowrec.golden.regenerate", matches = "true")
    void regenerate() throws Exception {
        GoldenFiles.writeAll(Path.of("src/test/resources/golden"));
    }
}
