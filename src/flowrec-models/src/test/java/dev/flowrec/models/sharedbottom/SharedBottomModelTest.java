package dev.flowrec.models.sharedbottom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SharedBottomModelTest {
    private static final ModelSettings SETTINGS = SyntheticStream.smallSettings(7L);

    @Test
    void parameterCountCoversEmbeddingSharedMlpAndTowers() {
        SharedBottomModel model = SharedBottomModel.create(SETTINGS);

        // 4 fields x 32 rows x 8 dims; 32 -> 32 -> 16 shared; per task 16 -> 8 -> 1.
        long expected = 128 * 8 + (32 * 32 + 32) + (32 * 16 + 16) + 2 * ((16 * 8 + 8) + (8 + 1));
        assertThat(model.parameterCount()).isEqualTo(expected);
        assertThat(SharedBottomModel.expectedParameterCount(SETTINGS)).isEqualTo(expected);
    }

    @Test
    void linearHeadsWithoutHiddenLayersWork() {
        ModelSettings bare = SyntheticStream.settings(4, List.of(), List.of(), 0.01, 1e-3, 3L);
        SharedBottomModel model = SharedBottomModel.create(bare);
        Batch batch = new SyntheticStream(10).batch(32);

        double loss = model.fit(batch);
        MultiTaskModel restored = MultiTaskModels.fromBytes(model.toBytes(true));

        // 128 x 4 embedding, then per task one 16 -> 1 logistic head.
        assertThat(model.parameterCount()).isEqualTo(128 * 4 + 2 * (16 + 1));
        assertThat(loss).isFinite();
        assertThat(restored.predict(batch)).isDeepEqualTo(model.predict(batch));
    }

    @Test
    void sameSeedGivesSameModel() {
        Batch batch = new SyntheticStream(1).batch(32);

        float[][] a = SharedBottomModel.create(SETTINGS).predict(batch);
        float[][] b = SharedBottomModel.create(SETTINGS).predict(batch);

        assertThat(a).isDeepEqualTo(b);
        assertThat(a[0]).hasSize(2);
        for (float[] row : a) {
            assertThat(row[0]).isBetween(0f, 1f);
            assertThat(row[1]).isBetween(0f, 1f);
        }
    }

    @Test
    void fitLowersTheLossOnARepeatedBatch() {
        SharedBottomModel model = SharedBottomModel.create(SETTINGS);
        Batch batch = new SyntheticStream(2).batch(128);

        double first = model.fit(batch);
        double last = first;
        for (int i = 0; i < 30; i++) {
            last = model.fit(batch);
        }

        assertThat(first).isFinite().isPositive();
        assertThat(last).isLessThan(first * 0.8);
    }

    @Test
    void bytesRoundTripGivesIdenticalPredictions() {
        SyntheticStream stream = new SyntheticStream(3);
        SharedBottomModel model = SharedBottomModel.create(SETTINGS);
        for (int i = 0; i < 5; i++) {
            model.fit(stream.batch(64));
        }
        Batch probe = stream.batch(100);

        byte[] serving = model.toBytes(false);
        byte[] checkpoint = model.toBytes(true);
        MultiTaskModel fromServing = MultiTaskModels.fromBytes(serving);
        MultiTaskModel fromCheckpoint = MultiTaskModels.fromBytes(checkpoint);

        assertThat(fromServing.predict(probe)).isDeepEqualTo(model.predict(probe));
        assertThat(fromCheckpoint.predict(probe)).isDeepEqualTo(model.predict(probe));
        assertThat(fromServing.settings()).isEqualTo(SETTINGS);
        assertThat(fromServing.parameterCount()).isEqualTo(model.parameterCount());
        // Adam keeps two arrays per parameter, so the checkpoint is clearly larger.
        assertThat(checkpoint.length).isGreaterThan(serving.length);
    }

    @Test
    void optimizerStateMakesTrainingContinueIdentically() {
        SyntheticStream stream = new SyntheticStream(4);
        SharedBottomModel original = SharedBottomModel.create(SETTINGS);
        for (int i = 0; i < 5; i++) {
            original.fit(stream.batch(64));
        }
        MultiTaskModel restored = MultiTaskModels.fromBytes(original.toBytes(true));
        MultiTaskModel withoutState = MultiTaskModels.fromBytes(original.toBytes(false));

        for (int i = 0; i < 3; i++) {
            Batch batch = stream.batch(64);
            double lossA = original.fit(batch);
            double lossB = restored.fit(batch);
            withoutState.fit(batch);
            assertThat(lossB).isEqualTo(lossA);
        }
        Batch probe = stream.batch(100);

        assertThat(restored.predict(probe)).isDeepEqualTo(original.predict(probe));
        assertThat(((SharedBottomModel) restored).parameters()).isEqualTo(original.parameters());
        // Without the Adam moments the steps differ: proof that the state above mattered.
        assertThat(withoutState.predict(probe)).isNotEqualTo(original.predict(probe));
    }

    @Test
    void weightZeroMeansTheLabelHasNoEffect() {
        SyntheticStream stream = new SyntheticStream(5);
        SharedBottomModel a = SharedBottomModel.create(SETTINGS);
        SharedBottomModel b = SharedBottomModel.create(SETTINGS);
        SharedBottomModel control = SharedBottomModel.create(SETTINGS);
        for (int step = 0; step < 5; step++) {
            Batch batch = stream.batch(64);
            float[] weights = batch.weights().clone();
            for (int i = 0; i < batch.size(); i += 2) {
                weights[i * 2 + 1] = 0f; // no conversion label on even examples
            }
            Batch masked = withWeights(batch, weights);
            a.fit(masked);
            b.fit(withLabels(masked, flipWhere(masked, 1, 0f)));
            control.fit(withLabels(masked, flipWhere(masked, 1, 1f)));
        }

        assertThat(b.parameters()).isEqualTo(a.parameters());
        // Flipping labels that do carry weight does change training: the test can fail.
        assertThat(control.parameters()).isNotEqualTo(a.parameters());
    }

    @Test
    void weightTwoEqualsDuplicatingTheExample() {
        Batch batch = new SyntheticStream(6).batch(16);
        float[] weights = batch.weights().clone();
        weights[0] = 2f;
        weights[1] = 2f;
        float[] ones = batch.weights().clone();
        ones[0] = 1f;
        ones[1] = 1f;
        Batch plain = withWeights(batch, ones);
        Batch weighted = withWeights(batch, weights);
        Batch duplicated = duplicateFirst(plain);
        SharedBottomModel model = SharedBottomModel.create(SETTINGS);

        INDArray weightedGradient = model.summedGradient(weighted);
        INDArray duplicatedGradient = model.summedGradient(duplicated);
        INDArray plainGradient = model.summedGradient(plain);

        // Summed gradients (DL4J divides by the batch size only in the updater), so the weighted
        // batch of 16 and the duplicated batch of 17 must agree up to float rounding.
        double scale = duplicatedGradient.norm2Number().doubleValue();
        double difference = weightedGradient.sub(duplicatedGradient).norm2Number().doubleValue();
        double plainDifference = plainGradient.sub(duplicatedGradient).norm2Number().doubleValue();
        assertThat(difference).isLessThan(1e-5 * scale);
        assertThat(plainDifference).isGreaterThan(1e-2 * scale);
    }

    @Test
    void workspacesEnabledAndNoneGiveIdenticalResults() {
        SyntheticStream stream = new SyntheticStream(8);
        SharedBottomModel enabled = SharedBottomModel.create(SETTINGS, WorkspaceMode.ENABLED);
        SharedBottomModel none = SharedBottomModel.create(SETTINGS, WorkspaceMode.NONE);
        for (int i = 0; i < 5; i++) {
            Batch batch = stream.batch(64);
            assertThat(none.fit(batch)).isEqualTo(enabled.fit(batch));
        }
        Batch probe = stream.batch(100);

        assertThat(enabled.workspaceMode()).isEqualTo(WorkspaceMode.ENABLED);
        assertThat(none.workspaceMode()).isEqualTo(WorkspaceMode.NONE);
        assertThat(none.predict(probe)).isDeepEqualTo(enabled.predict(probe));
    }

    @Test
    void rejectsBatchesThatDoNotFitTheModel() {
        SharedBottomModel model = SharedBottomModel.create(SETTINGS);
        Batch batch = new SyntheticStream(9).batch(4);
        int[] rows = batch.featureRows().clone();
        rows[6] = 128;
        Batch outOfRange = new Batch(4, 4, 2, rows, batch.scenarios(), batch.labels(), batch.weights());
        Batch oneTask = new Batch(4, 4, 1, batch.featureRows(), batch.scenarios(), new float[4], new float[4]);

        assertThatThrownBy(() -> model.predict(outOfRange))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature row 128 of example 1, field 2 is outside the embedding table [0, 128)");
        assertThatThrownBy(() -> model.fit(oneTask))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch has 4 fields and 1 tasks but the model expects 4 and 2");
    }

    private static Batch withWeights(Batch b, float[] weights) {
        return new Batch(b.size(), b.fields(), b.tasks(), b.featureRows(), b.scenarios(), b.labels(), weights);
    }

    private static Batch withLabels(Batch b, float[] labels) {
        return new Batch(b.size(), b.fields(), b.tasks(), b.featureRows(), b.scenarios(), labels, b.weights());
    }

    /** Labels of {@code task} flipped wherever that task's weight equals {@code weight}. */
    private static float[] flipWhere(Batch b, int task, float weight) {
        float[] labels = b.labels().clone();
        for (int i = 0; i < b.size(); i++) {
            if (b.weight(i, task) == weight) {
                labels[i * b.tasks() + task] = 1f - labels[i * b.tasks() + task];
            }
        }
        return labels;
    }

    /** The batch with its first example appearing twice, weights unchanged. */
    private static Batch duplicateFirst(Batch b) {
        int f = b.fields();
        int t = b.tasks();
        int[] rows = concat(Arrays.copyOf(b.featureRows(), f), b.featureRows());
        int[] scenarios = concat(new int[] {b.scenarios()[0]}, b.scenarios());
        float[] labels = concat(Arrays.copyOf(b.labels(), t), b.labels());
        float[] weights = concat(Arrays.copyOf(b.weights(), t), b.weights());
        return new Batch(b.size() + 1, f, t, rows, scenarios, labels, weights);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
