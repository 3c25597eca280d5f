package dev.flowrec.models.mmoe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.GraphModelContract;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
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
public abstract class ExpertMixtureModelContract extends GraphModelContract {
    private static final Logger LOG = LoggerFactory.getLogger(ExpertMixtureModelContract.class);

    protected abstract ModelType type();

    protected abstract ExpertLayout layout();

    @Override
    protected abstract ExpertMixtureModel create(ModelSettings settings, WorkspaceMode mode);

    /** The parameter count at {@link #settings()}, written out by hand. */
    protected abstract long handCountedParameters();

    @Override
    protected ModelSettings settings() {
        return SyntheticStream.smallSettings(7L).toBuilder().type(type()).build();
    }

    @Test
    protected void parameterCountCoversEmbeddingExpertsGatesAndTowers() {
        ExpertMixtureModel model = create(settings(), WorkspaceMode.ENABLED);

        assertThat(model.parameterCount()).isEqualTo(handCountedParameters());
        assertThat(ExpertMixtureModel.expectedParameterCount(settings(), layout()))
                .isEqualTo(handCountedParameters());
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
        byte[] foreign =
                MultiTaskModels.create(settings().toBuilder().type(other).build()).toBytes(false);
        dev.flowrec.models.ModelArtifact artifact =
                dev.flowrec.models.ModelArtifact.fromBytes(foreign);

        assertThatThrownBy(() -> restore(artifact))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("artifact holds a " + other.value() + " model, not " + type().value());
    }

    protected abstract ExpertMixtureModel restore(dev.flowrec.models.ModelArtifact artifact);

    @Test
    protected void rejectsSettingsWithoutExpertLayers() {
        ModelSettings bare =
                SyntheticStream.settings(4, List.of(), List.of(8), 0.01, 0.0, 3L).toBuilder()
                        .type(type())
                        .build();

        assertThatThrownBy(() -> create(bare, WorkspaceMode.ENABLED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs at least one expert layer");
    }
}
