package dev.flowrec.models.m3oe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.M3oeStructureUpdate;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.GraphModelContract;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import dev.flowrec.models.SyntheticStream;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class M3oeModelTest extends GraphModelContract {

    @Override
    protected GraphModel create(ModelSettings settings, WorkspaceMode mode) {
        return M3oeModel.create(settings, mode);
    }

    /**
     * Small sizes: 4 fields x 32 rows x 8 dims; bottom 32, view 16, experts 8; towers 8; structure
     * steps every 3 batches.
     */
    @Override
    protected ModelSettings settings() {
        return SyntheticStream.settings(8, List.of(32, 16, 8), List.of(8), 0.01, 0.0, 7L)
                .toBuilder()
                .type(ModelType.M3OE)
                .architecture(
                        M3oeSettings.defaults().withStructure(M3oeStructureUpdate.FIRST_ORDER, 3))
                .build();
    }

    private M3oeSettings own() {
        return M3oeSettings.of(settings());
    }

    private ModelSettings withOwn(M3oeSettings own) {
        return settings().toBuilder().architecture(own).build();
    }

    /**
     * The group-mean loss is not a sum over examples; the summed gradient is B times the mean's.
     */
    @Override
    protected INDArray comparableGradient(GraphModel model, Batch batch) {
        return model.summedGradient(batch).div(batch.size());
    }

    @Test
    void parameterCountMatchesTheHandCountAndTheFormula() {
        M3oeModel model = M3oeModel.create(settings());
        // x = 4 fields x 8 = 32; STAR (1 + 2 domains)(32x32 + 32); star MLP 32->16 and skip 32->16
        // with LN gain and bias; 4 + 2 + 2 experts 16->8 with LN; 4 gates 16->4; 4 towers 8->8 (LN)
        // ->1; 4 scalars.
        long expected =
                128 * 8
                        + 3 * (32 * 32 + 32)
                        + 2 * (32 * 16 + 32)
                        + 8 * (16 * 8 + 16)
                        + 4 * (16 * 4 + 4)
                        + 4 * ((8 * 8 + 16) + 9)
                        + 4;

        assertThat(model.parameterCount()).isEqualTo(expected);
        assertThat(M3oeModel.expectedParameterCount(settings())).isEqualTo(expected);
    }

    @Test
    void movieLensDefaultsHaveTheReferenceParameterCountLessTheDeadLayerNormBiases() {
        // 7 sparse fields over 13,229 rows plus age as one dense value, as the reference feeds
        // ML-1M.
        ModelSettings ml =
                ModelSettings.builder()
                        .type(ModelType.M3OE)
                        .space(
                                new ScenarioTaskSpace(
                                        List.of("0", "1", "2"), List.of("click", "like")))
                        .features(
                                FeatureSpec.of(
                                        List.of("0", "1", "2"),
                                        List.of("gender", "occupation", "zip", "cate_id"),
                                        List.of(),
                                        4))
                        .embeddingDim(16)
                        .hiddenSizes(List.of(512, 256, 64))
                        .towerSizes(List.of(64))
                        .learningRate(1e-2)
                        .l2(1e-5)
                        .seed(2022L)
                        .embeddingRows(13_229)
                        .architecture(M3oeSettings.defaults().withDenseInputs(1))
                        .build();

        M3oeModel model = M3oeModel.create(ml);

        // 788,146 as counted in the M3oE reference run; one 512/256/64-wide dead bias per
        // Linear+LayerNorm block: star MLP 256 + skip 256 + 9 experts x 64 + 6 towers x 64 = 1,472.
        assertThat(M3oeModel.referenceParameterCount(ml)).isEqualTo(788_146L);
        assertThat(model.parameterCount()).isEqualTo(788_146L - 1_472L);
    }

    @Test
    void referenceEmbeddingInitialisationIsNormalWithTheGivenStd() {
        M3oeModel reference = M3oeModel.create(withOwn(own().withEmbeddingStd(1e-4)));
        M3oeModel xavier = M3oeModel.create(settings());

        double referenceStd =
                reference
                        .parameters()
                        .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1024))
                        .stdNumber()
                        .doubleValue();
        double xavierStd =
                xavier.parameters()
                        .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1024))
                        .stdNumber()
                        .doubleValue();

        assertThat(referenceStd).isCloseTo(1e-4, within(1e-5));
        // Xavier-uniform over the whole table as every other FlowRec model's
        // (GraphModel.embeddingInit):
        // bound sqrt(6 / (V + E)), std bound / sqrt(3).
        double bound = Math.sqrt(6.0 / (settings().vocabularySize() + settings().embeddingDim()));
        assertThat(xavierStd).isCloseTo(bound / Math.sqrt(3), within(0.1 * bound));
    }

    @Test
    void predictionsComeFromTheTowerOfTheExamplesOwnScenario() {
        M3oeModel model = M3oeModel.create(settings());
        Batch batch = new SyntheticStream(30).batch(40);
        Batch moved =
                new Batch(
                        batch.size(),
                        batch.fields(),
                        batch.tasks(),
                        batch.featureRows(),
                        Arrays.stream(batch.scenarios()).map(s -> 1 - s).toArray(),
                        batch.labels(),
                        batch.weights());

        float[][] own = model.predict(batch);
        float[][] other = model.predict(moved);

        // The scenario changes the bottom as well, so every prediction must move.
        for (int i = 0; i < batch.size(); i++) {
            assertThat(other[i][0]).isNotEqualTo(own[i][0]);
        }
    }

    @Test
    void lossIsTheSumOfGroupMeansAndAnAbsentGroupAddsNothing() {
        M3oeModel model = M3oeModel.create(settings());
        Batch stream = new SyntheticStream(31).batch(64);
        // Only scenario 0 remains: the two scenario-1 groups are empty.
        int[] scenarios = new int[stream.size()];
        Batch batch =
                new Batch(
                        stream.size(),
                        stream.fields(),
                        stream.tasks(),
                        stream.featureRows(),
                        scenarios,
                        stream.labels(),
                        stream.weights());
        float[][] p = model.predict(batch);

        double expected = 0;
        for (int m = 0; m < batch.tasks(); m++) {
            double sum = 0;
            double weight = 0;
            for (int i = 0; i < batch.size(); i++) {
                double w = batch.weight(i, m);
                double y = batch.label(i, m);
                sum -= w * (y * Math.log(p[i][m]) + (1 - y) * Math.log(1 - p[i][m]));
                weight += w;
            }
            expected += sum / weight;
        }
        double loss = model.fit(batch);

        assertThat(loss).isFinite().isCloseTo(expected, within(1e-4));
    }

    @Test
    void firstOrderModeMovesStructureWeightsOnlyOnStructureSteps() {
        M3oeModel model =
                M3oeModel.create(withOwn(own().withStructure(M3oeStructureUpdate.FIRST_ORDER, 4)));
        SyntheticStream stream = new SyntheticStream(32);
        double[] start = model.structureWeights();

        for (int i = 0; i < 3; i++) {
            model.fit(stream.batch(64));
        }
        double[] beforeStep = model.structureWeights();
        model.fit(stream.batch(64));

        assertThat(beforeStep).containsExactly(start);
        assertThat(model.structureSteps()).isEqualTo(1);
        assertThat(model.structureWeights()).isNotEqualTo(start);
    }

    @Test
    void referenceParityModeTrainsStructureWeightsOnEveryBatch() {
        M3oeModel model =
                M3oeModel.create(
                        withOwn(own().withStructure(M3oeStructureUpdate.REFERENCE_PARITY, 100)));
        double[] start = model.structureWeights();

        model.fit(new SyntheticStream(33).batch(64));

        assertThat(model.structureSteps()).isZero();
        assertThat(model.structureWeights()).isNotEqualTo(start);
        assertThat(start[0]).isCloseTo(1.0 / (1.0 + Math.exp(-1.0)), within(1e-7));
    }

    @Test
    void structureOptimizerStateSurvivesACheckpoint() {
        M3oeModel original = M3oeModel.create(settings());
        SyntheticStream stream = new SyntheticStream(34);
        for (int i = 0; i < 4; i++) {
            original.fit(stream.batch(64));
        }
        M3oeModel restored = (M3oeModel) MultiTaskModels.fromBytes(original.toBytes(true));

        for (int i = 0; i < 5; i++) {
            Batch batch = stream.batch(64);
            original.fit(batch);
            restored.fit(batch);
        }

        assertThat(restored.structureSteps()).isEqualTo(original.structureSteps()).isEqualTo(3);
        assertThat(restored.structureWeights()).containsExactly(original.structureWeights());
        assertThat(restored.settings()).isEqualTo(original.settings());
    }

    @Test
    void denseValuesAreAnInputWhenConfigured() {
        ModelSettings withAge = withOwn(own().withDenseInputs(1));
        M3oeModel model = M3oeModel.create(withAge);
        Batch plain = new SyntheticStream(35).batch(20);
        float[] low = new float[20];
        float[] high = new float[20];
        Arrays.fill(high, 1f);

        float[][] a = model.predict(withDense(plain, low));
        float[][] b = model.predict(withDense(plain, high));
        MultiTaskModel restored = MultiTaskModels.fromBytes(model.toBytes(false));

        assertThat(a).isNotEqualTo(b);
        assertThat(restored.predict(withDense(plain, high))).isDeepEqualTo(b);
        assertThat(model.parameterCount())
                .isEqualTo(M3oeModel.expectedParameterCount(withAge))
                .isEqualTo(M3oeModel.expectedParameterCount(settings()) + 3 * 32 + 16);
        assertThatThrownBy(() -> model.predict(plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dense");
    }

    private static Batch withDense(Batch b, float[] dense) {
        return new Batch(
                b.size(),
                b.fields(),
                b.tasks(),
                b.featureRows(),
                b.scenarios(),
                b.labels(),
                b.weights(),
                dense.length / b.size(),
                dense);
    }
}
