package dev.flowrec.models.mmoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.RankAuc;
import dev.flowrec.models.SyntheticStream;
import dev.flowrec.models.training.OnlineTrainer;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link ExpertMixtureModel} (MMoE, PLE) must do, at the synthetic stream's small sizes
 * (4 fields, 128 rows, E = 8, experts 32-16, towers 8). Subclasses name the type and layout.
 */
public abstract class ExpertMixtureModelContract {
    private static final Logger LOG = LoggerFactory.getLogger(ExpertMixtureModelContract.class);

    protected abstract ModelType type();

    protected abstract ExpertLayout layout();

    protected abstract ExpertMixtureModel create(ModelSettings settings, WorkspaceMode mode);

    /** The parameter count at {@link #settings()}, written out by hand. */
    protected abstract long handCountedParameters();

    protected ModelSettings settings() {
        return SyntheticStream.smallSettings(7L).withType(type());
    }

    @Test
    protected void parameterCountCoversEmbeddingExpertsGatesAndTowers() {
        ExpertMixtureModel model = create(settings(), WorkspaceMode.ENABLED);

        assertThat(model.parameterCount()).isEqualTo(handCountedParameters());
        assertThat(ExpertMixtureModel.expectedParameterCount(settings(), layout())).isEqualTo(handCountedParameters());
    }

    @Test
    protected void sameSeedGivesSameModelAndGatesAreDistributions() {
        Batch batch = new SyntheticStream(1).batch(32);
        ExpertMixtureModel model = create(settings(), WorkspaceMode.ENABLED);

        float[][] a = model.predict(batch);
        float[][] b = create(settings(), WorkspaceMode.ENABLED).predict(batch);

        assertThat(a).isDeepEqualTo(b);
        for (float[] row : a) {
            assertThat(row).hasSize(2);
            assertThat(row[0]).isBetween(0f, 1f);
            assertThat(row[1]).isBetween(0f, 1f);
        }
        List<INDArray> gates = model.gateWeights(batch);
        assertThat(gates).hasSize(2);
        for (INDArray gate : gates) {
            assertThat(gate.shape()).containsExactly(32, layout().expertsPerGate());
            INDArray sums = gate.sum(1);
            for (int i = 0; i < 32; i++) {
                assertThat(sums.getDouble(i)).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    @Test
    protected void fitLowersTheLossOnARepeatedBatch() {
        ExpertMixtureModel model = create(settings(), WorkspaceMode.ENABLED);
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
        ExpertMixtureModel model = create(settings(), WorkspaceMode.ENABLED);
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
        ExpertMixtureModel original = create(settings(), WorkspaceMode.ENABLED);
        for (int i = 0; i < 5; i++) {
            original.fit(stream.batch(64));
        }
        ExpertMixtureModel restored = (ExpertMixtureModel) MultiTaskModels.fromBytes(original.toBytes(true));
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
    protected void createAndFromBytesGoThroughMultiTaskModels() {
        MultiTaskModel created = MultiTaskModels.create(settings());
        Batch probe = new SyntheticStream(15).batch(20);

        MultiTaskModel decoded = MultiTaskModels.fromBytes(created.toBytes(false));

        assertThat(created).isInstanceOf(create(settings(), WorkspaceMode.ENABLED).getClass());
        assertThat(decoded.getClass()).isEqualTo(created.getClass());
        assertThat(decoded.predict(probe)).isDeepEqualTo(created.predict(probe));
    }

    @Test
    protected void restoreRejectsAnotherModelType() {
        ModelType other = type() == ModelType.MMOE ? ModelType.PLE : ModelType.MMOE;
        byte[] foreign = MultiTaskModels.create(settings().withType(other)).toBytes(false);
        dev.flowrec.models.ModelArtifact artifact = dev.flowrec.models.ModelArtifact.fromBytes(foreign);

        assertThatThrownBy(() -> restore(artifact))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("artifact holds a " + other.value() + " model, not " + type().value());
    }

    protected abstract ExpertMixtureModel restore(dev.flowrec.models.ModelArtifact artifact);

    @Test
    protected void rejectsSettingsWithoutExpertLayers() {
        ModelSettings bare = SyntheticStream.settings(4, List.of(), List.of(8), 0.01, 0.0, 3L).withType(type());

        assertThatThrownBy(() -> create(bare, WorkspaceMode.ENABLED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs at least one expert layer");
    }

    @Test
    protected void weightZeroMeansTheLabelHasNoEffect() {
        SyntheticStream stream = new SyntheticStream(5);
        ExpertMixtureModel a = create(settings(), WorkspaceMode.ENABLED);
        ExpertMixtureModel b = create(settings(), WorkspaceMode.ENABLED);
        ExpertMixtureModel control = create(settings(), WorkspaceMode.ENABLED);
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
    protected void weightTwoEqualsDuplicatingTheExample() {
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
        ExpertMixtureModel model = create(settings(), WorkspaceMode.ENABLED);

        INDArray weightedGradient = model.summedGradient(weighted);
        INDArray duplicatedGradient = model.summedGradient(duplicated);
        INDArray plainGradient = model.summedGradient(plain);

        double scale = duplicatedGradient.norm2Number().doubleValue();
        assertThat(weightedGradient.sub(duplicatedGradient).norm2Number().doubleValue()).isLessThan(1e-5 * scale);
        assertThat(plainGradient.sub(duplicatedGradient).norm2Number().doubleValue()).isGreaterThan(1e-2 * scale);
    }

    @Test
    protected void workspacesEnabledAndNoneGiveIdenticalResults() {
        SyntheticStream stream = new SyntheticStream(8);
        ExpertMixtureModel enabled = create(settings(), WorkspaceMode.ENABLED);
        ExpertMixtureModel none = create(settings(), WorkspaceMode.NONE);
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
        int examples = 12_000;
        RankAuc click = new RankAuc();
        RankAuc conversion = new RankAuc();
        long[] seen = {0};
        OnlineTrainer trainer = new OnlineTrainer(MultiTaskModels.create(settings()), 64, (batch, probs) -> {
            for (int i = 0; i < batch.size(); i++, seen[0]++) {
                if (seen[0] < examples / 2) {
                    continue;
                }
                click.add(probs[i][0], batch.label(i, 0) == 1f);
                if (batch.weight(i, 1) > 0) {
                    conversion.add(probs[i][1], batch.label(i, 1) == 1f);
                }
            }
        });

        new SyntheticStream(13).next(examples).forEach(trainer::add);
        trainer.flush();

        LOG.info("{} prequential AUC on the second half: click {}, conversion {}", type().value(), click.auc(),
                conversion.auc());
        // Bayes-optimal click AUC is about 0.87 (see OnlineTrainerTest).
        assertThat(click.auc()).isGreaterThan(0.75);
        assertThat(conversion.auc()).isGreaterThan(0.65);
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
