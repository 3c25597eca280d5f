package dev.flowrec.models.sharedbottom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.GraphModelContract;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;

class SharedBottomModelTest extends GraphModelContract {
    private static final ModelSettings SETTINGS = SyntheticStream.smallSettings(7L);

    @Override
    protected GraphModel create(ModelSettings settings, WorkspaceMode mode) {
        return SharedBottomModel.create(settings, mode);
    }

    @Override
    protected ModelSettings settings() {
        return SETTINGS;
    }

    @Test
    void forwardFlopsCountEveryDenseLayerOnce() {
        // 4 fields x 8 dims = 32 -> 32 -> 16 shared; per task 16 -> 8 -> 1: 2·in·out + out each.
        long expected =
                (2 * 32 * 32 + 32) + (2 * 32 * 16 + 16) + 2 * ((2 * 16 * 8 + 8) + (2 * 8 + 1));

        assertThat(SharedBottomModel.create(SETTINGS).forwardFlopsPerExample()).isEqualTo(expected);
    }

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
    void rejectsBatchesThatDoNotFitTheModel() {
        SharedBottomModel model = SharedBottomModel.create(SETTINGS);
        Batch batch = new SyntheticStream(9).batch(4);
        int[] rows = batch.featureRows().clone();
        rows[6] = 128;
        Batch outOfRange =
                new Batch(4, 4, 2, rows, batch.scenarios(), batch.labels(), batch.weights());
        Batch oneTask =
                new Batch(
                        4,
                        4,
                        1,
                        batch.featureRows(),
                        batch.scenarios(),
                        new float[4],
                        new float[4]);

        assertThatThrownBy(() -> model.predict(outOfRange))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "feature row 128 of example 1, field 2 is outside the embedding table [0,"
                                + " 128)");
        assertThatThrownBy(() -> model.fit(oneTask))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch has 4 fields and 1 tasks but the model expects 4 and 2");
    }
}
