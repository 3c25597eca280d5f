package dev.flowrec.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.flowrec.core.batch.Batch;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link GraphModel} (Shared-Bottom, MMoE, PLE) must do, at the synthetic stream's small
 * sizes: learn, round-trip through bytes, continue identically from optimiser state, honour
 * per-example loss weights exactly, and give the same results with and without workspaces.
 */
public abstract class GraphModelContract {
    private static final String EMBEDDING_LAYER = "embedding";
    private static final Logger LOG = LoggerFactory.getLogger(GraphModelContract.class);

    /** A fresh model of the type under test. */
    protected abstract GraphModel create(ModelSettings settings, WorkspaceMode mode);

    /** The settings the contract runs at (small sizes, this type). */
    protected abstract ModelSettings settings();

    protected String name() {
        return settings().type().value();
    }

    @Test
    protected void fitLowersTheLossOnARepeatedBatch() {
        GraphModel model = create(settings(), WorkspaceMode.ENABLED);
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
    protected void bytesRoundTripGivesIdenticalPredictions() {
        SyntheticStream stream = new SyntheticStream(3);
        GraphModel model = create(settings(), WorkspaceMode.ENABLED);
        for (int i = 0; i < 5; i++) {
            model.fit(stream.batch(64));
        }
        Batch probe = stream.batch(100);

        byte[] serving = model.toBytes(false);
        byte[] checkpoint = model.toBytes(true);
        MultiTaskModel fromServing = MultiTaskModels.fromBytes(serving);
        MultiTaskModel fromCheckpoint = MultiTaskModels.fromBytes(checkpoint);

        assertThat(fromServing).isInstanceOf(model.getClass());
        assertThat(fromCheckpoint).isInstanceOf(model.getClass());
        assertThat(fromServing.predict(probe)).isDeepEqualTo(model.predict(probe));
        assertThat(fromCheckpoint.predict(probe)).isDeepEqualTo(model.predict(probe));
        assertThat(fromServing.settings()).isEqualTo(settings());
        assertThat(fromServing.parameterCount()).isEqualTo(model.parameterCount());
        assertThat(checkpoint.length).isGreaterThan(serving.length);
    }

    @Test
    protected void optimizerStateMakesTrainingContinueIdentically() {
        SyntheticStream stream = new SyntheticStream(4);
        GraphModel original = create(settings(), WorkspaceMode.ENABLED);
        for (int i = 0; i < 5; i++) {
            original.fit(stream.batch(64));
        }
        GraphModel restored = (GraphModel) MultiTaskModels.fromBytes(original.toBytes(true));
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
        assertThat(restored.parameters()).isEqualTo(original.parameters());
        assertThat(withoutState.predict(probe)).isNotEqualTo(original.predict(probe));
    }

    @Test
    protected void weightZeroMeansTheLabelHasNoEffect() {
        SyntheticStream stream = new SyntheticStream(5);
        GraphModel a = create(settings(), WorkspaceMode.ENABLED);
        GraphModel b = create(settings(), WorkspaceMode.ENABLED);
        GraphModel control = create(settings(), WorkspaceMode.ENABLED);
        for (int step = 0; step < 5; step++) {
            Batch batch = stream.batch(64);
            float[] weights = batch.weights().clone();
            for (int i = 0; i < batch.size(); i += 2) {
                weights[i * 2 + 1] = 0f; // no conversion label on even examples
            }
            Batch masked = batch.withWeights(weights);
            a.fit(masked);
            b.fit(masked.withLabels(flipWhere(masked, 1, 0f)));
            control.fit(masked.withLabels(flipWhere(masked, 1, 1f)));
        }

        assertThat(b.parameters()).isEqualTo(a.parameters());
        // Flipping labels that do carry weight does change training: the test can fail.
        assertThat(control.parameters()).isNotEqualTo(a.parameters());
    }

    @Test
    protected void embeddingStartsXavierUniformOverTheWholeTable() {
        ModelSettings settings = settings();
        INDArray table =
                create(settings, WorkspaceMode.ENABLED)
                        .graph()
                        .getLayer(EMBEDDING_LAYER)
                        .getParam("W");
        double bound = Math.sqrt(6.0 / (settings.vocabularySize() + settings.embeddingDim()));

        assertThat(table.amaxNumber().doubleValue()).isLessThanOrEqualTo(bound);
        // U(±b) has standard deviation b/√3; DL4J's own XAVIER_UNIFORM gave √(6/(1+E))/√3, far
        // wider.
        assertThat(table.stdNumber().doubleValue())
                .isCloseTo(bound / Math.sqrt(3), withinPercentage(5));
    }

    @Test
    protected void weightTwoEqualsDuplicatingTheExample() {
        Batch batch = new SyntheticStream(6).batch(16);
        float[] weights = batch.weights().clone();
        weights[0] = 2f;
        weights[1] = 2f;
        float[] ones = batch.weights().clone();
        ones[0] = 1f;
        ones[1] = 1f;
        Batch plain = batch.withWeights(ones);
        Batch weighted = batch.withWeights(weights);
        Batch duplicated = duplicateFirst(plain);
        GraphModel model = create(settings(), WorkspaceMode.ENABLED);

        INDArray weightedGradient = comparableGradient(model, weighted);
        INDArray duplicatedGradient = comparableGradient(model, duplicated);
        INDArray plainGradient = comparableGradient(model, plain);

        double scale = duplicatedGradient.norm2Number().doubleValue();
        assertThat(weightedGradient.sub(duplicatedGradient).norm2Number().doubleValue())
                .isLessThan(1e-5 * scale);
        assertThat(plainGradient.sub(duplicatedGradient).norm2Number().doubleValue())
                .isGreaterThan(1e-2 * scale);
    }

    @Test
    protected void workspacesEnabledAndNoneGiveIdenticalResults() {
        SyntheticStream stream = new SyntheticStream(8);
        GraphModel enabled = create(settings(), WorkspaceMode.ENABLED);
        GraphModel none = create(settings(), WorkspaceMode.NONE);
        for (int i = 0; i < 5; i++) {
            Batch batch = stream.batch(64);
            assertThat(none.fit(batch)).isEqualTo(enabled.fit(batch));
        }
        Batch probe = stream.batch(100);

        assertThat(enabled.workspaceMode()).isEqualTo(WorkspaceMode.ENABLED);
        assertThat(none.workspaceMode()).isEqualTo(WorkspaceMode.NONE);
        assertThat(none.parameters()).isEqualTo(enabled.parameters());
        assertThat(none.predict(probe)).isDeepEqualTo(enabled.predict(probe));
    }

    @Test
    protected void learnsTheSyntheticPatternPrequentially() {
        SecondHalfAuc auc = SecondHalfAuc.of(MultiTaskModels.create(settings()), 13, 12_000);

        LOG.info(
                "{} prequential AUC on the second half: click {}, conversion {}",
                name(),
                auc.click.auc(),
                auc.conversion.auc());
        // Bayes-optimal click AUC is about 0.87 (see OnlineTrainerTest).
        assertThat(auc.click.auc()).isGreaterThan(0.75);
        assertThat(auc.conversion.auc()).isGreaterThan(0.65);
    }

    /**
     * The gradient the weight tests compare: the loss's gradient summed over examples. A model
     * whose loss is not a sum over examples (M3oE's group means) overrides this to compare per
     * example.
     */
    protected INDArray comparableGradient(GraphModel model, Batch batch) {
        return model.summedGradient(batch);
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
