package dev.flowrec.models.autoifs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.InferenceChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The serving forward pass outside DL4J must answer what the DL4J graph answers, in both phases,
 * one example at a time and in batches past the matrix-vector cut-over, from many threads at once.
 */
class AutoIfsInferenceTest {

    @Test
    void scoresLikeTheGraphWhileSearchingWithSoftGates() {
        MultiTaskModel model = trained(AutoIfsTestSettings.small(3L, 10_000), 4);
        assertThat(((AutoIfsModel) model).phase()).isEqualTo(AutoIfsPhase.SEARCH);

        InferenceChecks.assertScoresLikeTheModel(model, model.inference());
    }

    @Test
    void scoresLikeTheGraphAfterTheSearchWithHardGates() {
        MultiTaskModel model = trained(AutoIfsTestSettings.small(4L, 60), 6);
        assertThat(((AutoIfsModel) model).phase()).isEqualTo(AutoIfsPhase.RETRAIN);

        InferenceChecks.assertScoresLikeTheModel(model, model.inference());
    }

    @Test
    void aRestoredSnapshotScoresLikeTheGraph() {
        MultiTaskModel model = trained(AutoIfsTestSettings.small(5L, 60), 6);
        MultiTaskModel restored = MultiTaskModels.fromBytes(model.toBytes(false));

        InferenceChecks.assertScoresLikeTheModel(restored, restored.inference());
    }

    @Test
    void keepsTheParametersItWasMadeWith() {
        MultiTaskModel model = trained(AutoIfsTestSettings.small(6L, 10_000), 2);
        Inference inference = model.inference();
        Batch batch = new SyntheticStream(60).batch(8);
        float[][] before = inference.predict(batch);

        model.fit(new SyntheticStream(61).batch(40));

        assertThat(inference.predict(batch)).isDeepEqualTo(before);
        assertThat(model.predict(batch)[0][0]).isNotEqualTo(before[0][0]);
    }

    @Test
    void manyThreadsGetWhatOneThreadGets() throws Exception {
        MultiTaskModel model = trained(AutoIfsTestSettings.small(7L, 10_000), 3);
        Inference inference = model.inference();
        List<Batch> batches = new ArrayList<>();
        List<float[][]> alone = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Batch b = new SyntheticStream(100 + i).batch(i % 2 == 0 ? 1 : 30);
            batches.add(b);
            alone.add(inference.predict(b));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<float[][]>> together = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (Batch b : batches) {
                    together.add(pool.submit(() -> inference.predict(b)));
                }
            }
            for (int i = 0; i < together.size(); i++) {
                assertThat(together.get(i).get()).isDeepEqualTo(alone.get(i % batches.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesRowsOutsideTheTableAndUnknownScenarios() {
        ModelSettings settings = AutoIfsTestSettings.small(8L, 10_000);
        Inference inference = MultiTaskModels.create(settings).inference();
        Batch good = new SyntheticStream(70).batch(2);
        int[] rows = good.featureRows().clone();
        rows[1] = settings.vocabularySize();
        Batch badRow =
                new Batch(
                        2,
                        good.fields(),
                        good.tasks(),
                        rows,
                        good.scenarios(),
                        good.labels(),
                        good.weights());
        Batch badScenario =
                new Batch(
                        2,
                        good.fields(),
                        good.tasks(),
                        good.featureRows(),
                        new int[] {0, 9},
                        good.labels(),
                        good.weights());

        assertThatThrownBy(() -> inference.predict(badRow))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the embedding table");
        assertThatThrownBy(() -> inference.predict(badScenario))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scenario index 9");
    }

    @Test
    void namesItsMatrixProducts() {
        Inference inference =
                MultiTaskModels.create(AutoIfsTestSettings.small(9L, 100)).inference();

        assertThat(inference.denseProducts())
                .as(
                        "main and gate MLPs, gate head, scenario-shared and LoRA units, then the"
                                + " task layer")
                .isDeepEqualTo(
                        new int[][] {
                            new int[] {32, 32},
                            new int[] {32, 16},
                            new int[] {32, 32},
                            new int[] {32, 16},
                            new int[] {16, 8},
                            new int[] {16, 16},
                            new int[] {16, 4},
                            new int[] {16, 5},
                            new int[] {16, 5},
                            new int[] {16, 5}
                        });
    }

    private static MultiTaskModel trained(ModelSettings settings, int batches) {
        MultiTaskModel model = MultiTaskModels.create(settings);
        SyntheticStream stream = new SyntheticStream(settings.seed());
        for (int i = 0; i < batches; i++) {
            model.fit(stream.batch(20));
        }
        return model;
    }
}
