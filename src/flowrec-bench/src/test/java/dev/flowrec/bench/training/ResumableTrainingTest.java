package dev.flowrec.bench.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.batch.EncodedExample;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after any epoch resumes from that epoch's model, never repeating or skipping one.
 */
class ResumableTrainingTest {
    private static final ScenarioTaskSpace SPACE =
            new ScenarioTaskSpace(List.of("a", "b"), List.of("click"));
    private static final ModelSettings SETTINGS =
            ModelSettings.builder()
                    .type(ModelType.SHARED_BOTTOM)
                    .space(SPACE)
                    .features(FeatureSpec.of(SPACE.scenarios(), List.of(), List.of(), 16))
                    .embeddingDim(4)
                    .hiddenSizes(List.of(8))
                    .towerSizes(List.of())
                    .learningRate(0.01)
                    .l2(0.0)
                    .seed(1L)
                    .build();

    private static List<Batch> data(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            List<EncodedExample> examples = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int user = r.nextInt(1, 16);
                int scenario = r.nextInt(2);
                float label = r.nextDouble() < (user < 8 ? 0.8 : 0.2) ? 1f : 0f;
                examples.add(
                        new EncodedExample(
                                new int[] {user, 16 + r.nextInt(1, 16), 32 + 1 + scenario},
                                scenario,
                                new float[] {label},
                                new float[] {1f}));
            }
            out.add(Batch.of(examples));
        }
        return out;
    }

    private static ResumableTraining training(Path dir, int maxEpochs, StringWriter log) {
        return new ResumableTraining(
                dir,
                "test",
                () -> MultiTaskModels.create(SETTINGS),
                m -> "train",
                p -> true,
                maxEpochs,
                50,
                new PrintWriter(log, true));
    }

    @Test
    void resumesFromTheLastFinishedEpoch(@TempDir Path dir) throws Exception {
        List<Batch> train = data(1);
        List<Batch> validation = data(2);
        StringWriter log = new StringWriter();
        training(dir, 2, log).run(() -> train, () -> validation, SPACE);
        EpochHistory afterTwo = training(dir, 2, log).history();
        assertThat(afterTwo.epochs).extracting(e -> e.epoch).containsExactly(0, 1);

        training(dir, 3, log).run(() -> train, () -> validation, SPACE);
        EpochHistory afterThree = training(dir, 3, log).history();
        assertThat(afterThree.epochs).extracting(e -> e.epoch).containsExactly(0, 1, 2);
        assertThat(log.toString()).contains("resuming after epoch 1");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".model")))
                    .as("only the current and the best epoch's models are kept")
                    .containsExactlyInAnyOrder(
                            "epoch-2.model", "best-" + afterThree.bestEpoch + ".model");
        }
    }

    @Test
    void stopsAtTheFirstEpochWithoutImprovement(@TempDir Path dir) throws Exception {
        List<Batch> train = data(3);
        StringWriter log = new StringWriter();
        ResumableTraining patienceOne =
                new ResumableTraining(
                        dir,
                        "p1",
                        () -> MultiTaskModels.create(SETTINGS),
                        m -> "train",
                        p -> true,
                        200,
                        1,
                        new PrintWriter(log, true));
        patienceOne.run(() -> train, () -> data(4), SPACE);
        EpochHistory h = patienceOne.history();
        assertThat(h.finished).isTrue();
        assertThat(h.epochs.size()).isLessThan(200);
        assertThat(h.epochs.get(h.epochs.size() - 1).validationMeanAuc)
                .isLessThanOrEqualTo(h.bestValidationAuc);
        assertThat(h.bestEpoch).isEqualTo(h.epochs.size() - 2);
    }

    @Test
    void epochsThatDoNotCountForStoppingDoNotCountTowardsTheCap(@TempDir Path dir)
            throws Exception {
        List<Batch> train = data(5);
        int[] epochs = {0};
        // The first two epochs are a "search" (as AutoIFS's): they never stop the run or use up the
        // cap.
        ResumableTraining warmedUp =
                new ResumableTraining(
                        dir,
                        "w",
                        () -> MultiTaskModels.create(SETTINGS),
                        m -> epochs[0]++ < 2 ? "search" : "train",
                        p -> !p.equals("search"),
                        3,
                        50,
                        new PrintWriter(new StringWriter(), true));
        warmedUp.run(() -> train, () -> data(6), SPACE);

        EpochHistory h = warmedUp.history();
        assertThat(h.epochs)
                .extracting(e -> e.phase)
                .containsExactly("search", "search", "train", "train", "train");
        assertThat(h.bestEpoch).isGreaterThanOrEqualTo(2);
    }
}
